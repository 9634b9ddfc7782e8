package dev.tributary.gateway;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.RSAKey;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.sandbox.testing.TopicRecords;

import java.text.ParseException;
import java.time.Duration;

import static io.restassured.RestAssured.given;

/** What a client does to seal a password to the running gateway, and what the gateway counts of the rest. */
final class SealedSecrets {

    private SealedSecrets() {
    }

    /** The key GET /sealing-key publishes, fetched without an API key as any client would. */
    static RSAKey publishedKey() {
        try {
            return RSAKey.parse(given().get("/sealing-key").then().statusCode(200).extract().asString());
        } catch (ParseException e) {
            throw new AssertionError("GET /sealing-key is not a JWK", e);
        }
    }

    /** {@code secret} as a compact JWE to the published key: the few lines docs/api.md shows clients. */
    static String sealToTheGateway(String secret) {
        return sealTo(publishedKey(), JWEAlgorithm.RSA_OAEP_256, secret);
    }

    static String sealTo(RSAKey key, JWEAlgorithm algorithm, String secret) {
        try {
            JWEObject jwe = new JWEObject(new JWEHeader.Builder(algorithm, EncryptionMethod.A256GCM).keyID(key.getKeyID()).build(),
                    new Payload(secret));
            jwe.encrypt(new RSAEncrypter(key));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code jwe} with one character of its ciphertext changed. */
    static String corrupted(String jwe) {
        String[] parts = jwe.split("\\.");
        char first = parts[3].charAt(0);
        parts[3] = (first == 'A' ? 'B' : 'A') + parts[3].substring(1);
        return String.join(".", parts);
    }

    /** The credentials of the first command for {@code integrationId}, opened as the workers open them. */
    static Credentials commandCredentials(String bootstrapServers, SecretSealer sealer, String integrationId) {
        Envelope command = EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, Topics.COMMANDS,
                record -> integrationId.equals(record.key()), Duration.ofSeconds(30)).value());
        IntegrationCommand payload = command.payloadAs(IntegrationCommand.class);
        return Json.convert(Json.read(sealer.unseal(payload.sealedCredentials(),
                SealingContext.commandCredentials(integrationId, command.operationId(), payload.spec()))), Credentials.class);
    }

    /** tributary_credentials_plaintext_total for a channel (rest or kafka); 0 before the first one. */
    static double plaintextPasswords(String channel) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("tributary_credentials_plaintext_total{channel=\"" + channel + "\"}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
