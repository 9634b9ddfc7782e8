package dev.tributary.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway against a real broker and PostgreSQL; the workers are played by the test through the topics. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway"))
class IntegrationResourceTest {
    private static final String KEY = "test-admin-key-of-at-least-32-bytes";
    private static final String PASSWORD = "s3cret-Gateway-Pw";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    SecretSealer sealer;

    private static RequestSpecification admin() {
        return given().header("Authorization", KEY);
    }

    private static String body(String host) {
        return body(host, PASSWORD);
    }

    private static String body(String host, String password) {
        return """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s", "database": "immuta",
                 "initialDatabase": "dev", "authenticationType": "userPassword", "username": "awsuser", "password": "%s"}}"""
                .formatted(host, password);
    }

    private String create(String host) {
        return create(host, PASSWORD);
    }

    private String create(String host, String password) {
        return admin().contentType(ContentType.JSON).body(body(host, password))
                .when().post("/integrations")
                .then().statusCode(202)
                .body("status", equalTo("creating"))
                .body("message", containsString("poll GET /integrations/"))
                .extract().path("id");
    }

    private ConsumerRecord<String, String> commandFor(String id) {
        return TopicRecords.await(bootstrapServers, Topics.COMMANDS, record -> id.equals(record.key()), Duration.ofSeconds(30));
    }

    @Test
    void aCreateIsRegisteredAtOnceAndItsCommandCarriesSealedCredentialsOnly() {
        String id = create("gw-create.example.com");

        admin().get("/integrations/" + id).then().statusCode(200)
                .body("status", equalTo("creating"))
                .body("type", equalTo("Redshift"))
                .body("autoBootstrap", equalTo(true))
                .body("config.port", equalTo(5439))
                .body("config.username", equalTo("<REDACTED>"))
                .body("config.password", equalTo("<REDACTED>"));

        ConsumerRecord<String, String> record = commandFor(id);
        assertFalse(record.value().contains(PASSWORD), "the command must not carry the password in the clear");
        Envelope command = EnvelopeCodec.decodeChecked(record.value());
        assertEquals(MessageTypes.CREATE_INTEGRATION, command.type());
        assertEquals(command.messageId().toString(), TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_ID));
        IntegrationCommand payload = command.payloadAs(IntegrationCommand.class);
        Credentials credentials = Json.convert(Json.read(sealer.unseal(payload.sealedCredentials(),
                SealingContext.commandCredentials(id, command.operationId(), payload.spec()))), Credentials.class);
        assertEquals(PASSWORD, credentials.password());

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("tributary_operations_started_total{operation=\"create\",type=\"Redshift\"}"), "operations counted");
        assertTrue(metrics.contains("tributary_outbox_backlog "), "outbox backlog exported");

        ConsumerRecord<String, String> started = TopicRecords.await(bootstrapServers, Topics.EVENTS,
                event -> id.equals(event.key()) && event.value().contains(MessageTypes.OPERATION_STARTED), Duration.ofSeconds(30));
        assertFalse(started.value().contains(PASSWORD));
        assertTrue(started.value().contains("<REDACTED>"));
    }

    private Credentials commandCredentials(String id) {
        return SealedSecrets.commandCredentials(bootstrapServers, sealer, id);
    }

    @Test
    void theSealingKeyIsAPublicRsaEncryptionKeyThatAnyClientMayFetch() {
        JsonNode jwk = Json.read(given().get("/sealing-key").then().statusCode(200)
                .contentType(ContentType.JSON).extract().asString());
        assertEquals("RSA", jwk.path("kty").asText());
        assertEquals("enc", jwk.path("use").asText());
        assertEquals("RSA-OAEP-256", jwk.path("alg").asText());
        assertFalse(jwk.path("kid").asText().isEmpty());
        assertFalse(jwk.has("d") || jwk.has("p") || jwk.has("q"), "no private part: " + jwk.fieldNames());
        RSAKey key = SealedSecrets.publishedKey();
        assertFalse(key.isPrivate());
        assertTrue(key.size() >= 3072, "key size " + key.size());
        assertEquals(key.getKeyID(), SealedSecrets.publishedKey().getKeyID(), "the same key on every request");
        given().get("/q/openapi?format=json").then().statusCode(200).body("paths.'/sealing-key'.get", notNullValue());
    }

    @Test
    void aPasswordSealedToTheGatewayCreatesOverRestAndOnlyPlaintextPasswordsAreCounted() {
        double plaintextBefore = SealedSecrets.plaintextPasswords("rest");
        String sealedPassword = SealedSecrets.sealToTheGateway("Sealed-Rest-Pw1");
        String id = create("gw-sealed.example.com", sealedPassword);
        assertEquals("Sealed-Rest-Pw1", commandCredentials(id).password(), "the workers get the password the client sealed");
        assertEquals(plaintextBefore, SealedSecrets.plaintextPasswords("rest"), "a sealed password is not counted as plaintext");

        String plain = create("gw-plain.example.com", "Plain-Rest-Pw1");
        assertEquals("Plain-Rest-Pw1", commandCredentials(plain).password());
        assertEquals(plaintextBefore + 1, SealedSecrets.plaintextPasswords("rest"), "a plaintext one is");
    }

    @Test
    void aJweThatDoesNotOpenIsA400NamingTheFieldAndTheRuleWithoutRepeatingTheValue() {
        String corrupt = SealedSecrets.corrupted(SealedSecrets.sealToTheGateway("Corrupt-Pw1"));
        String answer = admin().contentType(ContentType.JSON).body(body("gw-corrupt.example.com", corrupt))
                .when().post("/integrations")
                .then().statusCode(400)
                .body("errors.size()", equalTo(1))
                .body("errors[0].field", equalTo("config.password"))
                .body("errors[0].rule", equalTo("sealed"))
                .body("errors[0].message", containsString("GET /sealing-key"))
                .extract().asString();
        assertFalse(answer.contains(corrupt.split("\\.")[3]), answer);

        // a header without "enc": the JOSE library fails on it with an unchecked exception, which must not become a 500
        admin().contentType(ContentType.JSON).body(body("gw-no-enc.example.com", "eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.x.y.z.w"))
                .when().post("/integrations")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("config.password"))
                .body("errors[0].rule", equalTo("sealed"));

        String sha1Oaep = SealedSecrets.sealTo(SealedSecrets.publishedKey(), JWEAlgorithm.RSA_OAEP, "Weak-Pw1");
        admin().contentType(ContentType.JSON).body(body("gw-weak.example.com", sha1Oaep)).when().post("/integrations")
                .then().statusCode(400)
                .body("errors[0].rule", equalTo("sealed"))
                .body("errors[0].message", containsString("RSA-OAEP-256"));
    }

    @Test
    void aSecondIntegrationOnTheSameHostIsAConflict() {
        String id = create("gw-conflict.example.com");
        admin().contentType(ContentType.JSON).body(body("GW-Conflict.example.com"))
                .when().post("/integrations")
                .then().statusCode(409)
                .body("statusCode", equalTo(409))
                .body("error", equalTo("Conflict"))
                .body("message", equalTo("Redshift integration already exists on host GW-Conflict.example.com (id = " + id + ")"));
    }

    @Test
    void badPayloadsAre400sNamingFieldAndRuleAndPublishNothing() {
        String marker = "gw-bad-" + UUID.randomUUID().toString().substring(0, 8);
        admin().contentType(ContentType.JSON)
                .body("{\"type\": \"Redshift\", \"autoBootstrap\": true, \"config\": {\"host\": \"" + marker
                        + "\", \"port\": \"x\", \"database\": \"no good\", \"initialDatabase\": \"dev\","
                        + " \"authenticationType\": \"ldap\"}}")
                .when().post("/integrations")
                .then().statusCode(400)
                .body("statusCode", equalTo(400))
                .body("errors.field", hasItem("config.port"))
                .body("errors.field", hasItem("config.database"))
                .body("errors.rule", hasItem("enum"));
        admin().contentType(ContentType.JSON).body("{\"type\": ").when().post("/integrations")
                .then().statusCode(400).body("errors[0].field", equalTo("body")).body("errors[0].rule", equalTo("json"));
        admin().contentType("application/yaml").body("type: Redshift\nautoBootstrap: maybe\n".getBytes(StandardCharsets.UTF_8)).when().post("/integrations")
                .then().statusCode(400).body("errors.field", hasItem("autoBootstrap"));

        create("gw-after-bad.example.com"); // a later good request, so the topic has moved on past the bad ones
        assertTrue(TopicRecords.readAll(bootstrapServers, Topics.COMMANDS).stream().noneMatch(r -> r.value().contains(marker)));
    }

    @Test
    void requestsWithoutAValidKeyAreRefused() {
        given().get("/integrations").then().statusCode(401).body("error", equalTo("Unauthorized"));
        given().header("Authorization", "nope").get("/integrations").then().statusCode(401);
        given().header("Authorization", "Bearer " + KEY).get("/integrations").then().statusCode(200);
        admin().get("/integrations/999999").then().statusCode(404).body("message", equalTo("No integration found with ID 999999."));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/integrations'.post", notNullValue())
                .body("paths.'/integrations/scripts/initial-create'.post", notNullValue());
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event), EnvelopeCodec.headers(event));
    }

    @Test
    void workerEventsMoveTheRegistryOnWhileStaleAndRepeatedOnesChangeNothing() {
        String id = create("gw-events.example.com");
        Envelope command = EnvelopeCodec.decodeChecked(commandFor(id).value());

        // while the create runs, a failure of some other operation must not touch it
        publish(Envelope.of(MessageTypes.OPERATION_FAILED, id, UUID.randomUUID(), OperationFinished.failed(Operation.CREATE, "stale")));
        ValidationResults passed = ValidationResults.of(List.of(ValidationTest.passed("Initial Validation: Basic Connection Test", List.of())));
        Envelope validated = command.reply(MessageTypes.VALIDATION_COMPLETED, "", new ValidationCompleted(Operation.CREATE, passed));
        publish(validated);
        publish(command.reply(MessageTypes.OPERATION_SUCCEEDED, "", OperationFinished.succeeded(Operation.CREATE)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/integrations/" + id).then()
                .body("status", equalTo("enabled"))
                .body("validationResults.status", equalTo("passed"))
                .body("message", nullValue()));

        // an edit starts; a message whose id was handled before is dropped even if it now claims to be the edit's
        admin().contentType(ContentType.JSON).body(body("gw-events.example.com")).when().put("/integrations/" + id)
                .then().statusCode(202).body("status", equalTo("editing"));
        Envelope edit = EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, Topics.COMMANDS, record -> id.equals(record.key())
                && MessageTypes.UPDATE_INTEGRATION.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE)),
                Duration.ofSeconds(30)).value());
        Envelope replayed = new Envelope(validated.messageId(), MessageTypes.OPERATION_FAILED, id, edit.operationId(),
                validated.occurredAt(), Envelope.SCHEMA_VERSION, Json.tree(OperationFinished.failed(Operation.EDIT, "replayed")));
        publish(replayed);
        publish(edit.reply(MessageTypes.OPERATION_SUCCEEDED, "", OperationFinished.succeeded(Operation.EDIT)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/integrations/" + id).then()
                .body("status", equalTo("enabled")));

        TopicRecords.send(bootstrapServers, Topics.EVENTS, id, "this is not an envelope", Map.of());
        ConsumerRecord<String, String> dead = TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.EVENTS),
                record -> record.value().equals("this is not an envelope"), Duration.ofSeconds(30));
        assertTrue(TopicRecords.header(dead, "dead-letter-reason").contains("not JSON"), TopicRecords.header(dead, "dead-letter-reason"));
    }

    /** A create whose validation found {@code mode}, then succeeded. */
    private String enabledIn(String host, DatabaseMode mode) {
        String id = create(host);
        Envelope command = EnvelopeCodec.decodeChecked(commandFor(id).value());
        assertNull(command.payloadAs(IntegrationCommand.class).databaseMode(), "distinct names: the validation decides");
        ValidationResults passed = ValidationResults.of(List.of(ValidationTest.passed("Initial Validation: Basic Connection Test", List.of())));
        publish(command.reply(MessageTypes.VALIDATION_COMPLETED, "", new ValidationCompleted(Operation.CREATE, passed, mode)));
        publish(command.reply(MessageTypes.OPERATION_SUCCEEDED, "", OperationFinished.succeeded(Operation.CREATE)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/integrations/" + id).then()
                .body("status", equalTo("enabled")));
        return id;
    }

    @Test
    void aCleanupAfterAnAutomaticCreateThatNeverDecidedItsModeWritesNoScriptThatCouldDropTheDatabase() {
        String host = "gw-cleanup-undecided.example.com";
        String id = create(host);
        Envelope command = EnvelopeCodec.decodeChecked(commandFor(id).value());
        // the create fails before its validation reached the target: "immuta" may be the customer's own database
        publish(command.reply(MessageTypes.OPERATION_FAILED, "", OperationFinished.failed(Operation.CREATE, "no route to host")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/integrations/" + id).then()
                .body("status", equalTo("createError")));
        admin().contentType(ContentType.JSON).body(body(host).replace("\"immuta\"", "\"IMMUTA\""))
                .when().post("/integrations/scripts/cleanup")
                .then().statusCode(409)
                .body("message", containsString("never decided its database mode"))
                .body("script", nullValue());

        // once the validation decided it (here: the database is new, so the setup made it), the script removes it
        String decided = enabledIn("gw-cleanup-decided.example.com", DatabaseMode.MULTI_DATABASE);
        assertFalse(decided.isEmpty());
        admin().contentType(ContentType.JSON).body(body("gw-cleanup-decided.example.com"))
                .when().post("/integrations/scripts/cleanup")
                .then().statusCode(200).body("script", containsString("DROP DATABASE IF EXISTS \"immuta\""));
    }

    @Test
    void theModeTheValidationFoundIsShownBesideTheStatusAndTravelsWithEveryLaterCommand() {
        String id = enabledIn("gw-mode.example.com", DatabaseMode.SINGLE_DATABASE);
        admin().get("/integrations/" + id).then().body("databaseMode", equalTo("singleDatabase"))
                .body("config.database", equalTo("immuta")).body("config.databaseMode", nullValue());
        admin().get("/integrations").then().body("find { it.id == '" + id + "' }.databaseMode", equalTo("singleDatabase"));
        admin().contentType(ContentType.JSON).body(body("gw-mode.example.com")).when().put("/integrations/" + id)
                .then().statusCode(202);
        Envelope edit = EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, Topics.COMMANDS, record -> id.equals(record.key())
                && MessageTypes.UPDATE_INTEGRATION.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE)),
                Duration.ofSeconds(30)).value());
        assertEquals(DatabaseMode.SINGLE_DATABASE, edit.payloadAs(IntegrationCommand.class).databaseMode());
    }

    @Test
    void anEditThatWouldSwitchTheDatabaseModeIsA400NamingConfigDatabaseAndTheRule() {
        String id = enabledIn("gw-switch.example.com", DatabaseMode.MULTI_DATABASE);
        String intoItself = body("gw-switch.example.com").replace("\"initialDatabase\": \"dev\"", "\"initialDatabase\": \"immuta\"");
        admin().contentType(ContentType.JSON).body(intoItself).when().put("/integrations/" + id)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("config.database"))
                .body("errors[0].rule", equalTo("database-mode"))
                .body("errors[0].message", containsString("would switch this multiDatabase integration to singleDatabase mode"))
                .body("errors[0].message", containsString(DatabaseMode.RULE));
        admin().get("/integrations/" + id).then().body("status", equalTo("enabled")).body("databaseMode", equalTo("multiDatabase"));
    }

    @Test
    void aFailedValidationEndsTheCreateAndCountsAsAFailedOperation() throws Exception {
        double failedBefore = failedCreates();
        String id = create("gw-failed.example.com");
        Envelope command = EnvelopeCodec.decodeChecked(commandFor(id).value());
        ValidationResults failed = ValidationResults.of(List.of(
                ValidationTest.failed("Initial Validation: Basic Connection Test", "password authentication failed")));
        publish(command.reply(MessageTypes.VALIDATION_COMPLETED, "", new ValidationCompleted(Operation.CREATE, failed)));
        publish(command.reply(MessageTypes.OPERATION_FAILED, "", OperationFinished.failed(Operation.CREATE,
                failed.failureMessage().orElseThrow())));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/integrations/" + id).then()
                .body("status", equalTo("createError")));

        // counted once: when the validation closed it, not again for the OperationFailed that follows
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(failedBefore + 1, failedCreates()));
        Thread.sleep(1000);
        assertEquals(failedBefore + 1, failedCreates());
    }

    private static double failedCreates() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith("tributary_operations_failed_total{operation=\"create\",type=\"Redshift\"}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
