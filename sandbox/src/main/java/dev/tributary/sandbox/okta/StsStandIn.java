package dev.tributary.sandbox.okta;

import dev.tributary.sandbox.aws.AwsFault;
import dev.tributary.sandbox.aws.QueryProtocol;
import com.sun.net.httpserver.HttpsServer;
import dev.tributary.sandbox.tls.StandInTls;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for AWS STS's {@code AssumeRoleWithSAML}, over HTTPS in the Query protocol (form POST, XML answers,
 * AWS-style ErrorResponse), which the Redshift driver's SAML plugins call through the AWS SDK for Java v1 with
 * anonymous credentials. It takes an assertion only if the Okta stand-in issued it and it has not expired
 * ({@code InvalidIdentityToken} otherwise), and the requested role only with its provider as a pair the assertion's
 * Role attribute carries ({@code AccessDenied} otherwise). It answers temporary credentials and remembers them, so
 * that the Redshift-API stand-in can tell whether a caller's credentials came from here ({@link #credentials}).
 */
public final class StsStandIn implements Closeable {
    public static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role";
    private static final String ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /** Temporary credentials this STS issued. */
    public record Issued(String accessKeyId, String secretAccessKey, String sessionToken, String roleArn, String subject,
                         Instant expiration) {
        @Override
        public String toString() {
            return "Issued[accessKeyId=" + accessKeyId + ", roleArn=" + roleArn + ", expiration=" + expiration + "]";
        }
    }

    private final OktaStandIn idp;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private HttpsServer server;

    private StsStandIn(OktaStandIn idp) {
        this.idp = idp;
    }

    static StsStandIn start(StandInTls tls, String bindAddress, int port, OktaStandIn idp) throws IOException {
        StsStandIn standIn = new StsStandIn(idp);
        standIn.server = tls.serve(bindAddress, port, "sts-stand-in",
                exchange -> QueryProtocol.handle(exchange, NAMESPACE, standIn::act));
        return standIn;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String endpoint() {
        return "https://127.0.0.1:" + port();
    }

    /** The credentials with this access key id, if this STS issued them (whether expired or not). */
    public Optional<Issued> credentials(String accessKeyId) {
        return Optional.ofNullable(accessKeyId == null ? null : issued.get(accessKeyId));
    }

    private String act(Map<String, String> form) {
        String action = form.getOrDefault("Action", "");
        if (!action.equals("AssumeRoleWithSAML")) {
            throw new AwsFault("InvalidAction", 400, "Could not find operation " + action + " for version "
                    + form.getOrDefault("Version", "NO_VERSION_SPECIFIED"));
        }
        String roleArn = QueryProtocol.required(form, "RoleArn");
        String principalArn = QueryProtocol.required(form, "PrincipalArn");
        String assertion = QueryProtocol.required(form, "SAMLAssertion");
        int duration = duration(form.get("DurationSeconds"));
        Element parsed = assertionOf(assertion);
        OktaStandIn.Issued vouched = idp.issued(parsed.getAttribute("ID")).orElseThrow(() -> new AwsFault(
                "InvalidIdentityToken", 400, "Invalid SAML response: the assertion was not issued by the identity provider, or has expired."));
        if (!rolePairs(parsed).contains(List.of(roleArn, principalArn))) {
            throw new AwsFault("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithSAML: the SAML"
                    + " assertion does not grant role " + roleArn + " with provider " + principalArn + ".");
        }
        Instant expiration = Instant.now().plusSeconds(duration).truncatedTo(ChronoUnit.SECONDS);
        Issued credentials = new Issued("ASIA" + random(KEY_ALPHABET, 16), random(null, 30), random(null, 120), roleArn,
                vouched.username(), expiration);
        issued.values().removeIf(old -> Instant.now().isAfter(old.expiration()));
        issued.put(credentials.accessKeyId(), credentials);
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        String account = roleArn.split(":")[4];
        return "<Credentials>" + QueryProtocol.element("AccessKeyId", credentials.accessKeyId())
                + QueryProtocol.element("SecretAccessKey", credentials.secretAccessKey())
                + QueryProtocol.element("SessionToken", credentials.sessionToken())
                + QueryProtocol.element("Expiration", expiration.toString()) + "</Credentials>"
                + "<AssumedRoleUser>" + QueryProtocol.element("AssumedRoleId", "AROA" + random(KEY_ALPHABET, 17) + ":" + vouched.username())
                + QueryProtocol.element("Arn", "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + vouched.username())
                + "</AssumedRoleUser>"
                + QueryProtocol.element("Subject", vouched.username()) + QueryProtocol.element("SubjectType", "unspecified")
                + QueryProtocol.element("Issuer", "https://" + idp.idpHost())
                + QueryProtocol.element("Audience", "https://signin.aws.amazon.com/saml")
                + QueryProtocol.element("NameQualifier", Base64.getEncoder().encodeToString(principalArn.getBytes()))
                + QueryProtocol.element("PackedPolicySize", "0");
    }

    private static int duration(String value) {
        if (value == null || value.isEmpty()) {
            return 3600;
        }
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 900 && seconds <= 43200) {
                return seconds;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new AwsFault("ValidationError", 400, "1 validation error detected: Value '" + value
                + "' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200");
    }

    private static Element assertionOf(String base64) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)));
            NodeList assertions = document.getElementsByTagNameNS(ASSERTION_NS, "Assertion");
            if (assertions.getLength() != 1) {
                throw new IllegalArgumentException("expected one assertion");
            }
            return (Element) assertions.item(0);
        } catch (Exception e) {
            throw new AwsFault("InvalidIdentityToken", 400, "Invalid SAML response: it is not a SAML 2.0 Response with one assertion.");
        }
    }

    /** The (role ARN, provider ARN) pairs of the assertion's Role attribute, in that order whichever order they came in. */
    private static List<List<String>> rolePairs(Element assertion) {
        List<List<String>> pairs = new ArrayList<>();
        NodeList attributes = assertion.getElementsByTagNameNS(ASSERTION_NS, "Attribute");
        for (int i = 0; i < attributes.getLength(); i++) {
            Element attribute = (Element) attributes.item(i);
            if (!ROLE_ATTRIBUTE.equals(attribute.getAttribute("Name"))) {
                continue;
            }
            NodeList values = attribute.getElementsByTagNameNS(ASSERTION_NS, "AttributeValue");
            for (int j = 0; j < values.getLength(); j++) {
                String[] arns = values.item(j).getTextContent().trim().split(",");
                if (arns.length == 2) {
                    pairs.add(arns[0].contains(":role/") ? List.of(arns[0], arns[1]) : List.of(arns[1], arns[0]));
                }
            }
        }
        return pairs;
    }

    private static String random(String alphabet, int length) {
        if (alphabet == null) {
            byte[] bytes = new byte[length];
            RANDOM.nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < length; i++) {
            value.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return value.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
