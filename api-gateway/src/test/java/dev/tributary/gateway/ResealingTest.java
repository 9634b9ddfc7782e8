package dev.tributary.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SealingKeyRing;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sealing-key rotation on a gateway whose ring holds a new primary key and the old one, against the real registry
 * table: the workers are played by the test through the topics, and their values sealed with the old ring.
 */
@QuarkusTest
@TestProfile(ResealingTest.NewKeyInFrontOfTheOld.class)
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway_reseal"))
class ResealingTest {
    private static final String ADMIN = "test-admin-key-of-at-least-32-bytes";
    private static final String NEW_KEY = "xdesCAR/ASRGMxNuE9MQZto0hG0vBjA7JBA/XDsIyIQ=";
    /** The key and value of contracts' SecretSealerTest: what the release before key rings sealed (sealed:v1). */
    private static final String OLD_KEY = "HoWNa2h1Vxg4LgV6kmd66s3tNB6Hg0bsztHMVBS/j2s=";
    private static final String V1_VALUE = "sealed:v1:s3REW+T/e7ACO6bUaIthRsuF/Ws3A7OXfpsbHG4OuQF1qCCeUazZaMn38glapw==";
    private static final String V1_PLAINTEXT = "Legacy-Passw0rd-v1";

    public static class NewKeyInFrontOfTheOld implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tributary.sealing.key", "new:" + NEW_KEY + ",old:" + OLD_KEY);
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    AgroalDataSource dataSource;

    /** Creates an integration and returns its command, as the validation-worker would receive it. */
    private Envelope create(String host) {
        String id = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("""
                        {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s", "database": "immuta",
                         "initialDatabase": "dev", "authenticationType": "userPassword", "username": "awsuser", "password": "Pw-1"}}"""
                        .formatted(host))
                .when().post("/integrations").then().statusCode(202).extract().path("id");
        return EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, Topics.COMMANDS,
                record -> id.equals(record.key()), Duration.ofSeconds(30)).value());
    }

    private static SealingContext systemPassword(Envelope command) {
        return SealingContext.systemAccountPassword(command.integrationId(), command.payloadAs(IntegrationCommand.class).spec());
    }

    /** What the bootstrap-worker announces at the end of a setup: the system account, then success. */
    private void provision(Envelope command, String sealedPassword) throws Exception {
        publish(command.reply(MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, "", new SystemAccountProvisioned("immuta_system", sealedPassword)));
        publish(command.reply(MessageTypes.OPERATION_SUCCEEDED, "", OperationFinished.succeeded(Operation.CREATE)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", ADMIN)
                .get("/integrations/" + command.integrationId()).then().body("status", equalTo("enabled")));
        assertEquals(sealedPassword, stored(command));
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event), EnvelopeCodec.headers(event));
    }

    private String stored(Envelope command) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT sealed_system_password FROM integration WHERE id = ?")) {
            select.setLong(1, Long.parseLong(command.integrationId()));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static JsonNode reseal() {
        return Json.read(given().header("Authorization", ADMIN).when().post("/admin/reseal")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void reSealingMovesEveryStoredPasswordToTheNewKeyAfterWhichTheOldKeyCanGoAndEverythingStillOpens() throws Exception {
        SecretSealer oldRing = new SecretSealer(SealingKeyRing.parse("old:" + OLD_KEY, "the old ring"));
        SecretSealer newRing = new SecretSealer(SealingKeyRing.parse("new:" + NEW_KEY, "the new ring"));
        Envelope withOldKey = create("reseal-old.example.com");
        provision(withOldKey, oldRing.seal("Password-Old", systemPassword(withOldKey)));
        Envelope inV1 = create("reseal-v1.example.com");
        provision(inV1, V1_VALUE);
        Envelope withNewKey = create("reseal-new.example.com");
        String underNewKey = newRing.seal("Password-New", systemPassword(withNewKey));
        provision(withNewKey, underNewKey);
        Envelope inFlight = create("reseal-in-flight.example.com");

        JsonNode first = reseal();
        assertEquals("new", first.path("primaryKeyId").asText());
        assertEquals(2, first.path("resealed").asInt(), first.toString());
        assertEquals(Map.of("new", 3), Json.MAPPER.convertValue(first.path("storedByKey"), Map.class), first.toString());
        assertEquals(0, first.path("v1Values").asInt());
        assertEquals(1, first.path("operationsInFlight").asInt());
        assertEquals(List.of(), Json.MAPPER.convertValue(first.path("retirable"), List.class),
                "its command may still carry a value sealed with the old key");
        assertEquals(underNewKey, stored(withNewKey), "a value already under the primary key is left as it is");

        publish(inFlight.reply(MessageTypes.OPERATION_FAILED, "", OperationFinished.failed(Operation.CREATE, "given up")));
        await().atMost(Duration.ofSeconds(30)).until(() -> reseal().path("operationsInFlight").asInt() == 0);
        JsonNode second = reseal();
        assertEquals(0, second.path("resealed").asInt());
        assertEquals(List.of("old"), Json.MAPPER.convertValue(second.path("retirable"), List.class), second.toString());

        // the old key is gone from this ring: everything stored still opens, each for its own integration only
        assertEquals("Password-Old", newRing.unseal(stored(withOldKey), systemPassword(withOldKey)));
        assertEquals(V1_PLAINTEXT, newRing.unseal(stored(inV1), systemPassword(inV1)));
        assertEquals("Password-New", newRing.unseal(stored(withNewKey), systemPassword(withNewKey)));
        assertThrows(SecretSealer.SealingException.class, () -> newRing.unseal(stored(inV1), systemPassword(withOldKey)));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("tributary_sealing_legacy_opened_total ")
                && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) >= 1), "the v1 value was counted");
    }

    @Test
    void onlyAnAdminMayReSeal() {
        given().when().post("/admin/reseal").then().statusCode(401);
        String reader = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"name\": \"reseal-reader\", \"permissions\": [\"INTEGRATION_READ\"]}")
                .post("/api-keys").then().statusCode(201).extract().path("key");
        given().header("Authorization", reader).when().post("/admin/reseal").then().statusCode(403)
                .body("message", equalTo("This API key lacks the APPLICATION_ADMIN permission."));
    }
}
