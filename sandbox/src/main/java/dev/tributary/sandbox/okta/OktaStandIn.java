package dev.tributary.sandbox.okta;

import dev.tributary.sandbox.aws.QueryProtocol;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import dev.tributary.sandbox.tls.StandInTls;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for an Okta org, for the Redshift JDBC driver's own Okta plugin ({@code OktaCredentialsProvider}),
 * over HTTPS with a certificate generated at start ({@link StandInTls}). It serves the two calls the plugin makes:
 * <ul>
 *   <li>{@code POST /api/v1/authn} with {@code {"username", "password"}}: {@code {"status": "SUCCESS",
 *       "sessionToken"}}, or 401 with Okta's {@code E0000004} "Authentication failed";</li>
 *   <li>{@code GET /home/<app name>/<app id>?onetimetoken=<token>} (and the app's
 *       {@code /app/<app name>/<app id>/sso/saml}): the HTML form that posts a base64 SAML 2.0 Response to AWS, with
 *       the attributes {@code https://aws.amazon.com/SAML/Attributes/Role} ("role ARN,provider ARN", one per role the
 *       app grants), {@code RoleSessionName}, and Redshift's {@code DbUser}, {@code DbGroups}, {@code AutoCreate};
 *       404 for an app it does not know, 403 for a token that was used or has expired.</li>
 * </ul>
 * Session tokens are one-time and live five minutes, as Okta's do. The assertion is not signed: the STS stand-in
 * trusts it because this IdP issued it ({@link #issued}), where AWS would check the signature against the SAML
 * provider's metadata.
 */
public final class OktaStandIn implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);
    private static final Pattern APP_PATH = Pattern.compile("/(?:home|app)/([^/]+)/([^/?]+)(?:/sso/saml)?/?");

    /** What an issued assertion vouches for, until when. */
    record Issued(String username, List<String> roles, Instant notOnOrAfter) {
    }

    private record Session(OktaDirectory.User user, Instant expires) {
    }

    private final OktaDirectory directory;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Issued> assertions = new ConcurrentHashMap<>();
    private HttpsServer server;

    private OktaStandIn(OktaDirectory directory) {
        this.directory = directory;
    }

    static OktaStandIn start(StandInTls tls, String bindAddress, int port, OktaDirectory directory) throws IOException {
        OktaStandIn standIn = new OktaStandIn(directory);
        standIn.server = tls.serve(bindAddress, port, "okta-stand-in", standIn::handle);
        return standIn;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What the driver's {@code idp_host} names: host and port. */
    public String idpHost() {
        return "127.0.0.1:" + port();
    }

    /** The assertion with this ID, if this IdP issued it and it has not expired. */
    Optional<Issued> issued(String assertionId) {
        Issued issued = assertionId == null ? null : assertions.get(assertionId);
        return issued != null && Instant.now().isBefore(issued.notOnOrAfter()) ? Optional.of(issued) : Optional.empty();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/v1/authn") && exchange.getRequestMethod().equals("POST")) {
                authenticate(exchange);
                return;
            }
            Matcher app = APP_PATH.matcher(path);
            if (app.matches() && exchange.getRequestMethod().equals("GET")) {
                samlForm(exchange, URLDecoder.decode(app.group(2), StandardCharsets.UTF_8), query(exchange, "onetimetoken"));
                return;
            }
            respond(exchange, 404, "text/html", "<html><body><h1>404 - Page not found</h1></body></html>");
        } catch (RuntimeException e) {
            respond(exchange, 500, "application/json", error("E0000009", "Internal Server Error").toString());
        } finally {
            exchange.close();
        }
    }

    private void authenticate(HttpExchange exchange) throws IOException {
        JsonNode body;
        try {
            body = JSON.readTree(exchange.getRequestBody());
        } catch (IOException e) {
            respond(exchange, 400, "application/json", error("E0000003", "The request body was not well-formed.").toString());
            return;
        }
        Optional<OktaDirectory.User> user = directory.authenticate(body.path("username").asText(null), body.path("password").asText(null));
        if (user.isEmpty()) {
            respond(exchange, 401, "application/json", error("E0000004", "Authentication failed").toString());
            return;
        }
        String token = randomToken(24);
        Instant expires = Instant.now().plus(TOKEN_LIFETIME);
        sessions.put(token, new Session(user.get(), expires));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("expiresAt", expires.truncatedTo(ChronoUnit.SECONDS).toString());
        answer.put("status", "SUCCESS");
        answer.put("sessionToken", token);
        ObjectNode profile = answer.putObject("_embedded").putObject("user");
        profile.put("id", "00u" + Integer.toHexString(user.get().username().hashCode()));
        profile.putObject("profile").put("login", user.get().username());
        respond(exchange, 200, "application/json", answer.toString());
    }

    private void samlForm(HttpExchange exchange, String appId, String token) throws IOException {
        Optional<List<String>> roles = directory.rolesOf(appId);
        if (roles.isEmpty()) {
            respond(exchange, 404, "text/html", "<html><body><h1>404 - Page not found</h1><p>No app " + html(appId)
                    + " in this org.</p></body></html>");
            return;
        }
        Session session = token == null ? null : sessions.remove(token);
        if (session == null || Instant.now().isAfter(session.expires())) {
            respond(exchange, 403, "text/html", "<html><body><h1>403 - Session expired</h1></body></html>");
            return;
        }
        String assertionId = "id" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notOnOrAfter = now.plus(ASSERTION_LIFETIME);
        assertions.values().removeIf(issued -> Instant.now().isAfter(issued.notOnOrAfter()));
        assertions.put(assertionId, new Issued(session.user().username(), roles.get(), notOnOrAfter));
        String response = Base64.getEncoder().encodeToString(samlResponse(assertionId, session.user(), roles.get(), now,
                notOnOrAfter).getBytes(StandardCharsets.UTF_8));
        // Okta writes + and = as character references in the form, and the plugin turns them back
        String value = response.replace("+", "&#x2b;").replace("=", "&#x3d;");
        respond(exchange, 200, "text/html", "<!DOCTYPE html><html><head><title>Signing in</title></head><body>"
                + "<form id=\"appForm\" name=\"appForm\" action=\"https&#x3a;&#x2f;&#x2f;signin.aws.amazon.com&#x2f;saml\" method=\"POST\">"
                + "<input name=\"SAMLResponse\" type=\"hidden\" value=\"" + value + "\"/>"
                + "<input name=\"RelayState\" type=\"hidden\" value=\"\"/>"
                + "</form></body></html>");
    }

    /**
     * A SAML 2.0 Response as Okta's AWS app sends it. The assertion's elements are in the default namespace: the
     * plugin reads the Redshift attributes with a path that does not name a namespace prefix.
     */
    private String samlResponse(String assertionId, OktaDirectory.User user, List<String> roles, Instant now, Instant notOnOrAfter) {
        String issuer = "https://" + idpHost() + "/" + "exk" + Integer.toHexString(directory.hashCode());
        StringBuilder attributes = new StringBuilder();
        attributes.append(attribute("https://aws.amazon.com/SAML/Attributes/Role", roles.stream()
                .map(role -> OktaDirectory.roleArn(role) + "," + OktaDirectory.SAML_PROVIDER).toList()));
        attributes.append(attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", List.of(user.username())));
        attributes.append(attribute("https://redshift.amazon.com/SAML/Attributes/DbUser", List.of(user.dbUser())));
        if (!user.dbGroups().isEmpty()) {
            attributes.append(attribute("https://redshift.amazon.com/SAML/Attributes/DbGroups", user.dbGroups()));
        }
        attributes.append(attribute("https://redshift.amazon.com/SAML/Attributes/AutoCreate", List.of(Boolean.toString(user.autoCreate()))));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\" Destination=\"https://signin.aws.amazon.com/saml\""
                + " ID=\"id" + UUID.randomUUID().toString().replace("-", "") + "\" IssueInstant=\"" + now + "\" Version=\"2.0\">"
                + "<Issuer xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\">" + QueryProtocol.xml(issuer) + "</Issuer>"
                + "<saml2p:Status><saml2p:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></saml2p:Status>"
                + "<Assertion xmlns=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" + assertionId + "\" IssueInstant=\"" + now + "\" Version=\"2.0\">"
                + "<Issuer>" + QueryProtocol.xml(issuer) + "</Issuer>"
                + "<Subject><NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified\">" + QueryProtocol.xml(user.username())
                + "</NameID><SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><SubjectConfirmationData NotOnOrAfter=\""
                + notOnOrAfter + "\" Recipient=\"https://signin.aws.amazon.com/saml\"/></SubjectConfirmation></Subject>"
                + "<Conditions NotBefore=\"" + now.minusSeconds(60) + "\" NotOnOrAfter=\"" + notOnOrAfter + "\"><AudienceRestriction>"
                + "<Audience>urn:amazon:webservices</Audience></AudienceRestriction></Conditions>"
                + "<AuthnStatement AuthnInstant=\"" + now + "\" SessionIndex=\"" + assertionId + "\"><AuthnContext><AuthnContextClassRef>"
                + "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</AuthnContextClassRef></AuthnContext></AuthnStatement>"
                + "<AttributeStatement>" + attributes + "</AttributeStatement>"
                + "</Assertion></saml2p:Response>";
    }

    private static String attribute(String name, List<String> values) {
        StringBuilder xml = new StringBuilder("<Attribute Name=\"" + name
                + "\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\">");
        values.forEach(value -> xml.append("<AttributeValue>").append(QueryProtocol.xml(value)).append("</AttributeValue>"));
        return xml.append("</Attribute>").toString();
    }

    private static ObjectNode error(String code, String summary) {
        ObjectNode error = JSON.createObjectNode();
        error.put("errorCode", code);
        error.put("errorSummary", summary);
        error.put("errorLink", code);
        error.put("errorId", "oae" + randomToken(9));
        error.putArray("errorCauses");
        return error;
    }

    private static String query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String html(String text) {
        return QueryProtocol.xml(text);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + ";charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
