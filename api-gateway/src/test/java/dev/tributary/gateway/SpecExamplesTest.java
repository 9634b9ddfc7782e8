package dev.tributary.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every create and update example of the governance API's documentation, sent as written (only the host differs, one
 * per example, since a host takes one integration), and the GET that follows: the config comes back as it was sent,
 * in the same spelling and case, with the secrets redacted and only the defaults added.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway"))
class SpecExamplesTest {
    private static final String KEY = "test-admin-key-of-at-least-32-bytes";
    /** What GET may show that a request need not send. */
    private static final Set<String> DEFAULTED = Set.of("port", "impersonation");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ParameterizedTest(name = "{0}, then {1}")
    @CsvSource({
            "create-automatic-password.json, ''",
            "create-automatic-okta.json, update-automatic-okta.json",
            "create-manual-password.json, ''",
            "create-manual-okta.json, update-manual-okta.json"})
    void theConfigOfEachExampleComesBackAsItWasSent(String create, String update) throws IOException {
        String host = create.replace(".json", "") + ".spec-examples.test";
        ObjectNode sent = example(create, host);
        String id = given().header("Authorization", KEY).contentType(ContentType.JSON).body(sent.toString())
                .when().post("/integrations").then().statusCode(202).extract().path("id");
        finish(id, Operation.CREATE, MessageTypes.CREATE_INTEGRATION);
        assertShownAsSent(sent, id);

        if (!update.isEmpty()) {
            ObjectNode edited = example(update, host);
            given().header("Authorization", KEY).contentType(ContentType.JSON).body(edited.toString())
                    .when().put("/integrations/" + id).then().statusCode(202).body("status", equalTo("editing"));
            finish(id, Operation.EDIT, MessageTypes.UPDATE_INTEGRATION);
            assertShownAsSent(edited, id);
        }
    }

    private static ObjectNode example(String name, String host) throws IOException {
        try (InputStream in = SpecExamplesTest.class.getResourceAsStream("/spec-examples/" + name)) {
            assertNotNull(in, name);
            ObjectNode body = (ObjectNode) Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            ((ObjectNode) body.get("config")).put("host", host);
            return body;
        }
    }

    /** Plays the workers: the operation's validation passes and the operation succeeds. */
    private void finish(String id, Operation operation, String commandType) {
        Envelope command = EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, Topics.COMMANDS,
                record -> id.equals(record.key()) && commandType.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE)),
                Duration.ofSeconds(30)).value());
        ValidationResults passed = ValidationResults.of(List.of(ValidationTest.passed("Initial Validation: Basic Connection Test", List.of())));
        publish(command.reply(MessageTypes.VALIDATION_COMPLETED, "", new ValidationCompleted(operation, passed)));
        publish(command.reply(MessageTypes.OPERATION_SUCCEEDED, "", OperationFinished.succeeded(operation)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", KEY)
                .get("/integrations/" + id).then().body("status", equalTo("enabled")));
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event), EnvelopeCodec.headers(event));
    }

    private static void assertShownAsSent(ObjectNode sent, String id) {
        JsonNode shown = Json.read(given().header("Authorization", KEY).get("/integrations/" + id)
                .then().statusCode(200).extract().asString());
        assertEquals(sent.get("type"), shown.get("type"));
        assertEquals(sent.get("autoBootstrap"), shown.get("autoBootstrap"));
        JsonNode expected = redacted((ObjectNode) sent.get("config").deepCopy());
        JsonNode config = shown.get("config");
        for (Iterator<String> fields = expected.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            assertEquals(expected.get(field), config.get(field), "config." + field + " of " + shown);
        }
        for (Iterator<String> fields = config.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            assertTrue(expected.has(field) || DEFAULTED.contains(field), "config." + field + " was not sent: " + shown);
        }
        assertEquals(RedshiftConfig.DEFAULT_PORT, config.get("port").asInt());
    }

    /** The config as the documentation's GET example shows it: credentials redacted, the Okta password left out. */
    private static JsonNode redacted(ObjectNode config) {
        if (config.has("username")) {
            config.put("username", RedshiftConfig.REDACTED);
            config.put("password", RedshiftConfig.REDACTED);
        }
        if (config.get("okta") instanceof ObjectNode okta) {
            okta.put("username", RedshiftConfig.REDACTED);
            okta.remove("password");
        }
        return config;
    }
}
