package dev.tributary.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kafka front door, driven with a plain producer and consumer. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway_front_door"))
class FrontDoorTest {
    private static final String ADMIN = "test-admin-key-of-at-least-32-bytes";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    SecretSealer sealer;

    private String request(String value, String key, boolean withCorrelationId) {
        String correlationId = UUID.randomUUID().toString();
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("Authorization", key);
        }
        if (withCorrelationId) {
            headers.put("correlation-id", correlationId);
        }
        TopicRecords.send(bootstrapServers, Topics.REQUESTS, "caller", value, headers);
        return correlationId;
    }

    private JsonNode reply(String correlationId) {
        ConsumerRecord<String, String> reply = TopicRecords.await(bootstrapServers, Topics.REPLIES,
                record -> correlationId.equals(TopicRecords.header(record, "correlation-id")), Duration.ofSeconds(30));
        return Json.read(reply.value());
    }

    private static String createRequest(String host) {
        return createRequest(host, "Front-Door-Pw1");
    }

    private static String createRequest(String host, String password) {
        return """
                {"action": "create", "body": {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s",
                 "database": "immuta", "initialDatabase": "dev", "authenticationType": "userPassword",
                 "username": "awsuser", "password": "%s"}}}""".formatted(host, password);
    }

    @Test
    void aPasswordSealedToTheGatewayCreatesThroughTheFrontDoorAndOnlyPlaintextPasswordsAreCounted() {
        double plaintextBefore = SealedSecrets.plaintextPasswords("kafka");
        String host = "fd-sealed-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        JsonNode created = reply(request(createRequest(host, SealedSecrets.sealToTheGateway("Sealed-Kafka-Pw1")), ADMIN, true));
        assertEquals(202, created.get("statusCode").asInt(), created.toString());
        assertEquals("Sealed-Kafka-Pw1", SealedSecrets.commandCredentials(bootstrapServers, sealer, created.get("id").asText()).password());
        assertEquals(plaintextBefore, SealedSecrets.plaintextPasswords("kafka"), "a sealed password is not counted as plaintext");

        JsonNode plain = reply(request(createRequest("fd-plain-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com"),
                ADMIN, true));
        assertEquals(202, plain.get("statusCode").asInt(), plain.toString());
        assertEquals(plaintextBefore + 1, SealedSecrets.plaintextPasswords("kafka"), "a plaintext one is");

        String corrupt = SealedSecrets.corrupted(SealedSecrets.sealToTheGateway("Corrupt-Kafka-Pw1"));
        JsonNode refused = reply(request(createRequest("fd-corrupt.example.com", corrupt), ADMIN, true));
        assertEquals(400, refused.get("statusCode").asInt(), refused.toString());
        assertEquals("config.password", refused.get("errors").get(0).get("field").asText());
        assertEquals("sealed", refused.get("errors").get(0).get("rule").asText());
        assertFalse(refused.toString().contains(corrupt.split("\\.")[3]), refused.toString());
    }

    @Test
    void aCreateOnKafkaIsAnsweredLikeOverHttpAndPublishesTheSameCommand() {
        String host = "fd-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        JsonNode created = reply(request(createRequest(host), ADMIN, true));
        assertEquals(202, created.get("statusCode").asInt(), created.toString());
        assertEquals("creating", created.get("status").asText());
        String id = created.get("id").asText();

        ConsumerRecord<String, String> command = TopicRecords.await(bootstrapServers, Topics.COMMANDS,
                record -> id.equals(record.key()), Duration.ofSeconds(30));
        assertEquals(MessageTypes.CREATE_INTEGRATION, TopicRecords.header(command, EnvelopeCodec.HEADER_MESSAGE_TYPE));
        assertTrue(!command.value().contains("Front-Door-Pw1"));

        JsonNode conflict = reply(request(createRequest(host), ADMIN, true));
        assertEquals(409, conflict.get("statusCode").asInt());
        assertEquals("Redshift integration already exists on host " + host + " (id = " + id + ")", conflict.get("message").asText());

        JsonNode fetched = reply(request("{\"action\": \"get\", \"id\": \"" + id + "\"}", "Bearer " + ADMIN, true));
        assertEquals(200, fetched.get("statusCode").asInt());
        assertEquals("<REDACTED>", fetched.get("config").get("password").asText());
        JsonNode listed = reply(request("{\"action\": \"list\"}", ADMIN, true));
        assertTrue(listed.get("items").isArray());

        JsonNode invalid = reply(request("{\"action\": \"create\", \"body\": {\"type\": \"Redshift\"}}", ADMIN, true));
        assertEquals(400, invalid.get("statusCode").asInt());
        assertEquals("autoBootstrap", invalid.get("errors").get(0).get("field").asText());
    }

    @Test
    void permissionsAreCheckedAsOverHttp() {
        assertEquals(401, reply(request("{\"action\": \"list\"}", null, true)).get("statusCode").asInt());
        assertEquals(401, reply(request("{\"action\": \"list\"}", "wrong", true)).get("statusCode").asInt());
        assertEquals(404, reply(request("{\"action\": \"get\", \"id\": \"424242\"}", ADMIN, true)).get("statusCode").asInt());
        String reader = given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"name\": \"front-door-reader\", \"permissions\": [\"INTEGRATION_READ\"]}")
                .post("/api-keys").then().statusCode(201).extract().path("key");
        assertEquals(200, reply(request("{\"action\": \"list\"}", reader, true)).get("statusCode").asInt());
        assertEquals(403, reply(request(createRequest("fd-reader.example.com"), reader, true)).get("statusCode").asInt());
    }

    @Test
    void garbageIsAnsweredWhenItCanBeAndAlwaysDeadLetteredWhileTheConsumerGoesOn() {
        String notJson = request("garbage-" + UUID.randomUUID(), ADMIN, true);
        JsonNode answer = reply(notJson);
        assertEquals(400, answer.get("statusCode").asInt());
        assertTrue(answer.get("message").asText().contains("not JSON"));
        assertEquals(400, reply(request("{\"action\": \"explode\"}", ADMIN, true)).get("statusCode").asInt());

        String orphan = "{\"action\": \"list\", \"marker\": \"" + UUID.randomUUID() + "\"}";
        request(orphan, ADMIN, false);
        ConsumerRecord<String, String> dead = TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.REQUESTS),
                record -> orphan.equals(record.value()), Duration.ofSeconds(30));
        assertTrue(TopicRecords.header(dead, "dead-letter-reason").contains("correlation-id"));
        TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.REQUESTS),
                record -> record.value().startsWith("garbage-"), Duration.ofSeconds(30));

        assertEquals(200, reply(request("{\"action\": \"list\"}", ADMIN, true)).get("statusCode").asInt(), "still consuming");
    }

    @Test
    void aDeadLetteredRequestKeepsNoCredentialButItsReasonAndItsShape() {
        String misspelled = createRequest("fd-dead-letter.example.com").replace("\"action\": \"create\"", "\"action\": \"creat\"");
        ConsumerRecord<String, String> dead = deadLetterOf(request(misspelled, ADMIN, true));
        assertFalse(dead.value().contains("Front-Door-Pw1"), dead.value());
        JsonNode config = Json.read(dead.value()).get("body").get("config");
        assertEquals("<REDACTED>", config.get("password").asText());
        assertEquals("<REDACTED>", config.get("username").asText());
        assertEquals("fd-dead-letter.example.com", config.get("host").asText(), "what is no secret stays for the operator");
        assertEquals("creat", Json.read(dead.value()).get("action").asText());
        assertTrue(TopicRecords.header(dead, "dead-letter-reason").contains("unknown action 'creat'"));
        assertEquals(Topics.REQUESTS, TopicRecords.header(dead, "dead-letter-topic"));
        assertEquals("<REDACTED>", TopicRecords.header(dead, "Authorization"), "nor the caller's API key");

        // broken JSON: where its password ends cannot be told, so none of it is kept
        ConsumerRecord<String, String> broken = deadLetterOf(request(misspelled.replace("}}}", "}},}"), ADMIN, true));
        assertEquals("<REDACTED>", broken.value());
        assertTrue(TopicRecords.header(broken, "dead-letter-reason").contains("not JSON"));
    }

    private ConsumerRecord<String, String> deadLetterOf(String correlationId) {
        return TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.REQUESTS),
                record -> correlationId.equals(TopicRecords.header(record, "correlation-id")), Duration.ofSeconds(30));
    }
}
