package dev.tributary.gateway.api;

import com.nimbusds.jose.jwk.RSAKey;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The key clients seal secrets to, as a JWK (RFC 7517): RSA, for encryption with RSA-OAEP-256. */
@Schema(description = "A public JWK: seal passwords to it as compact JWEs (alg RSA-OAEP-256, enc A256GCM, its kid)")
public record PublicSealingKey(String kty, String use, String alg, String kid, String n, String e) {

    public static PublicSealingKey of(RSAKey key) {
        return new PublicSealingKey(key.getKeyType().getValue(), key.getKeyUse().identifier(), key.getAlgorithm().getName(),
                key.getKeyID(), key.getModulus().toString(), key.getPublicExponent().toString());
    }
}
