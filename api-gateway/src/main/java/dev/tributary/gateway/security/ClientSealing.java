package dev.tributary.gateway.security;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.tributary.contracts.payload.SecretValues;
import dev.tributary.contracts.payload.SecretValues.UnreadableSecretException;
import dev.tributary.contracts.secrets.KeyFiles;
import dev.tributary.gateway.api.Channel;
import dev.tributary.support.SealingConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Lets clients seal secrets to the gateway, so that a password crosses proxies, the broker and request logs
 * unreadable: the gateway publishes an RSA public key ({@code GET /sealing-key}) and opens the compact JWEs
 * (RSA-OAEP-256 wrapping an A256GCM key) that clients send in place of a plaintext password. The private keys are a
 * JWK set ({@link ClientSealingConfig}); a JWE's {@code kid} picks the one that opens it, so a new key can be published
 * while what clients sealed to the previous one still opens. Plaintext passwords are still taken, and counted.
 */
@Startup // the key file is made at start, not by the first request that needs it
@ApplicationScoped
public class ClientSealing {
    private static final Logger LOG = Logger.getLogger(ClientSealing.class);
    public static final JWEAlgorithm ALGORITHM = JWEAlgorithm.RSA_OAEP_256;
    public static final EncryptionMethod ENCRYPTION = EncryptionMethod.A256GCM;
    static final String KEY_FILE_NAME = "client-sealing.jwks";
    /** 3072 bits: what key sizes are advised for keys meant to protect secrets beyond 2030. */
    private static final int KEY_BITS = 3072;
    /**
     * A compact JWE: five base64url parts whose first, the header, is a JSON object (so its base64url starts with
     * "eyJ"). No password a person chooses is likely to look like that; one that does must be sealed.
     */
    private static final Pattern COMPACT_JWE = Pattern.compile("eyJ[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*){4}");
    private static final String SEAL_TO_THE_PUBLISHED_KEY = "; seal it to the key of GET /sealing-key";

    @Inject
    ClientSealingConfig config;
    @Inject
    SealingConfig sealing;
    @Inject
    MeterRegistry registry;

    /** The published key first. */
    private List<RSAKey> keys;

    @PostConstruct
    void load() {
        String source;
        String text;
        if (config.keys().filter(keys -> !keys.isBlank()).isPresent()) {
            source = "tributary.client-sealing.keys";
            text = config.keys().get();
        } else {
            Path file = config.keyFile().map(Path::of).orElse(Path.of(sealing.keyFile()).resolveSibling(KEY_FILE_NAME));
            source = file.toString();
            text = KeyFiles.readOrCreate(file, ClientSealing::generatedKeySet);
        }
        keys = parse(text, source);
        LOG.infof("clients seal secrets to key %s (%d key(s) open)", keys.get(0).getKeyID(), keys.size());
    }

    /** The public half of the key clients should seal to now. */
    public RSAKey published() {
        return keys.get(0).toPublicJWK();
    }

    /** How the payload rules read the secrets of a request that came in through {@code channel}. */
    public SecretValues secretValues(Channel channel) {
        Counter plaintext = Counter.builder("tributary.credentials.plaintext")
                .description("Passwords that arrived in the clear rather than sealed to the gateway")
                .tag("channel", channel.tag()).register(registry);
        return sent -> {
            if (!COMPACT_JWE.matcher(sent).matches()) {
                plaintext.increment();
                return sent;
            }
            return open(sent);
        };
    }

    /** Every failure says which rule the value broke, never the value, and never a cryptographic detail. */
    private String open(String compact) {
        JWEObject sealed;
        try {
            sealed = JWEObject.parse(compact);
        } catch (ParseException | RuntimeException e) { // Nimbus throws unchecked too, e.g. on a header without "enc"
            throw new UnreadableSecretException("is not a well-formed JWE (compact serialisation)" + SEAL_TO_THE_PUBLISHED_KEY);
        }
        JWEHeader header = sealed.getHeader();
        if (!ALGORITHM.equals(header.getAlgorithm()) || !ENCRYPTION.equals(header.getEncryptionMethod())) {
            throw new UnreadableSecretException("must be a JWE with alg " + ALGORITHM + " and enc " + ENCRYPTION);
        }
        if (header.getCompressionAlgorithm() != null) {
            throw new UnreadableSecretException("must be a JWE without compression (no zip header)");
        }
        RSAKey key = keyFor(header.getKeyID()).orElseThrow(() -> new UnreadableSecretException(
                "is sealed to a key (kid) the gateway does not have" + SEAL_TO_THE_PUBLISHED_KEY));
        try {
            sealed.decrypt(new RSADecrypter(key));
        } catch (JOSEException | RuntimeException e) {
            throw new UnreadableSecretException("does not open with the gateway's key (altered, or sealed to another key)"
                    + SEAL_TO_THE_PUBLISHED_KEY);
        }
        return sealed.getPayload().toString();
    }

    /** A JWE without a kid was sealed to the published key. */
    private Optional<RSAKey> keyFor(String kid) {
        return kid == null ? Optional.of(keys.get(0)) : keys.stream().filter(key -> kid.equals(key.getKeyID())).findFirst();
    }

    /** The parser's own messages are never passed on: they may quote the text, which holds private keys. */
    private static List<RSAKey> parse(String text, String source) {
        JWKSet set;
        try {
            set = JWKSet.parse(text);
        } catch (ParseException e) {
            throw new IllegalStateException(source + " is not a JWK set (JSON with \"keys\")");
        }
        List<RSAKey> keys = new ArrayList<>();
        for (JWK key : set.getKeys()) {
            if (!(key instanceof RSAKey rsa) || !rsa.isPrivate() || rsa.getKeyID() == null) {
                throw new IllegalStateException(source + ": every key must be an RSA key with its private part and a kid");
            }
            keys.add(rsa);
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException(source + " holds no key");
        }
        return keys;
    }

    private static String generatedKeySet() {
        try {
            RSAKey key = new RSAKeyGenerator(KEY_BITS).keyUse(KeyUse.ENCRYPTION).algorithm(ALGORITHM)
                    .keyIDFromThumbprint(true).generate();
            return new JWKSet(key).toString(false);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the client-sealing key", e);
        }
    }
}
