package dev.tributary.contracts.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SealingKeyRing;
import dev.tributary.contracts.secrets.SecretSealer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretRedactionTest {
    private static final String REDACTED = "<REDACTED>";

    /** Every credential field the payload rules read, each with a password of its own to look for. */
    private static final List<String> REQUESTS = List.of("""
            {"action": "create", "body": {"type": "Redshift", "autoBootstrap": true, "config": {"host": "h.example.com",
             "database": "immuta", "initialDatabase": "dev", "authenticationType": "userPassword",
             "username": "user-one", "password": "Secret-One"}}}""", """
            {"action": "update", "id": "7", "body": {"type": "Redshift", "autoBootstrap": true, "config": {"host": "h.example.com",
             "database": "immuta", "initialDatabase": "dev", "authenticationType": "okta",
             "okta": {"username": "user-two", "password": "Secret-Two", "appId": "app", "idpHost": "o.example.com", "role": "r"}}}}""", """
            {"action": "create", "body": {"type": "ZeroETL", "autoBootstrap": true, "config": {"integrationName": "z",
             "materialize": {"host": "m.example.com", "database": "db", "username": "user-three", "password": "Secret-Three"}}}}""", """
            {"action": "delete", "id": "7", "body": {"authenticationType": "okta",
             "okta": {"username": "user-four", "password": "Secret-Four"}}}""", """
            {"action": "delete", "id": "7", "body": {"authenticationType": "userPassword", "username": "user-five",
             "password": "Secret-Five"}}""");

    @Test
    void everyCredentialTheRequestRulesReadIsRedactedAndTheRestOfTheRequestStays() {
        for (String request : REQUESTS) {
            String redacted = SecretRedaction.redact(request);
            assertFalse(redacted.contains("Secret-") || redacted.contains("user-"), redacted);
            JsonNode original = Json.read(request);
            JsonNode tree = Json.read(redacted);
            assertEquals(original.get("action"), tree.get("action"));
            assertEquals(original.path("body").path("type"), tree.path("body").path("type"));
            assertEquals(original.path("body").path("authenticationType"), tree.path("body").path("authenticationType"));
        }
        JsonNode okta = Json.read(SecretRedaction.redact(REQUESTS.get(1))).path("body").path("config").path("okta");
        assertEquals(REDACTED, okta.get("password").asText());
        assertEquals("o.example.com", okta.get("idpHost").asText());
    }

    @Test
    void sealedValuesAreRedactedWhereverTheyStand() {
        SecretSealer sealer = new SecretSealer(SealingKeyRing.generate());
        UUID operationId = UUID.randomUUID();
        String sealed = sealer.seal("{\"username\": \"u\", \"password\": \"p\"}",
                new SealingContext(SealingContext.COMMAND_CREDENTIALS, "7", operationId, "h"));
        Envelope command = Envelope.of(MessageTypes.CREATE_INTEGRATION, "7", operationId,
                new IntegrationCommand(Operation.CREATE, null, sealed, null));
        String redacted = SecretRedaction.redact(EnvelopeCodec.encode(command));
        assertFalse(redacted.contains("sealed:"), redacted);
        assertEquals(REDACTED, Json.read(redacted).path("payload").path("sealedCredentials").asText());
        assertEquals(command.messageId().toString(), Json.read(redacted).path("messageId").asText());

        String inAList = SecretRedaction.redact("{\"notes\": [\"a\", \"" + sealed + "\"]}");
        assertEquals("{\"notes\":[\"a\",\"<REDACTED>\"]}", inAList);
        assertEquals("\"<REDACTED>\"", SecretRedaction.redact("\"" + sealed + "\""));
    }

    @Test
    void aMisspelledCredentialFieldIsRedactedToo() {
        String redacted = SecretRedaction.redact("{\"body\": {\"privilegedCredentials\": {\"user\": \"u\", \"pass\": \"x\"},"
                + " \"Password\": \"y\", \"apiToken\": 42}}");
        JsonNode body = Json.read(redacted).get("body");
        assertEquals(REDACTED, body.get("privilegedCredentials").asText());
        assertEquals(REDACTED, body.get("Password").asText());
        assertEquals(REDACTED, body.get("apiToken").asText());
    }

    @Test
    void textWithoutASecretComesBackAsItWasToTheByte() {
        String spaced = "{\"action\":  \"list\", \"marker\": \"m\" }";
        assertSame(spaced, SecretRedaction.redact(spaced));
        String garbage = "garbage-" + UUID.randomUUID() + " is not JSON {";
        assertSame(garbage, SecretRedaction.redact(garbage));
        assertEquals(null, SecretRedaction.redact(null));
        assertEquals("", SecretRedaction.redact(""));
    }

    @Test
    void textThatIsNotJsonButMayHoldACredentialIsRedactedWhole() {
        assertEquals(REDACTED, SecretRedaction.redact("{\"action\": \"create\", \"body\": {\"password\": \"Secret-Six\",}}"));
        assertEquals(REDACTED, SecretRedaction.redact("leftover sealed:v1:AAAA"));
        // a lenient parser would stop after the first document and keep the second unseen
        assertEquals(REDACTED, SecretRedaction.redact("{\"action\": \"list\"} {\"password\": \"Secret-Seven\"}"));
    }

    @Test
    void headersNamedForACredentialOrHoldingASealedValueAreRedacted() {
        assertEquals(REDACTED, SecretRedaction.redactHeader("Authorization", "the-callers-api-key"));
        assertEquals(REDACTED, SecretRedaction.redactHeader("x-note", "sealed:v1:AAAA"));
        assertEquals("create-integration", SecretRedaction.redactHeader("message-type", "create-integration"));
    }
}
