package dev.tributary.gateway;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.RevalidationRequest;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Forced disable, validate now and support-object migrations in the gateway, against a real broker and PostgreSQL;
 * the workers are played by the test through the topics. The validation wait is long enough for the test to answer.
 */
@QuarkusTest
@TestProfile(LifecycleTest.LongWait.class)
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway"))
class LifecycleTest {
    private static final String KEY = "test-admin-key-of-at-least-32-bytes";
    private static final String PASSWORD = "s3cret-Lifecycle-Pw";
    private static final String ACCOUNT_PASSWORD = "system-Account-Pw-1";
    private static final ValidationResults PASSED = ValidationResults.of(List.of(
            ValidationTest.passed("Initial Validation: Basic Connection Test", List.of())));
    private static final ValidationResults FAILED = ValidationResults.of(List.of(
            ValidationTest.failed("Validate Manual Setup: Support Schemas and Tables Exist", "schema immuta_system is missing")));

    public static class LongWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tributary.validation-wait", "20s");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    SecretSealer sealer;
    @Inject
    EntityManager entities;

    private static RequestSpecification admin() {
        return given().header("Authorization", KEY);
    }

    private static String body(String host, boolean automatic, boolean impersonation) {
        return """
                {"type": "Redshift", "autoBootstrap": %s, "config": {"host": "%s", "database": "immuta",
                 "initialDatabase": "dev", "impersonation": {"enabled": %s}, "authenticationType": "userPassword",
                 "username": "awsuser", "password": "%s"}}""".formatted(automatic, host, impersonation, PASSWORD);
    }

    private static final String PRIVILEGED = "{\"authenticationType\": \"userPassword\", \"username\": \"awsuser\", \"password\": \""
            + PASSWORD + "\"}";

    /** Creates an integration and plays the workers' events that enable it with a system account. */
    private String enabled(String host, boolean automatic, boolean impersonation) {
        String id = admin().contentType(ContentType.JSON).body(body(host, automatic, impersonation)).post("/integrations")
                .then().statusCode(202).extract().path("id");
        Envelope command = command(id, MessageTypes.CREATE_INTEGRATION);
        IntegrationCommand payload = command.payloadAs(IntegrationCommand.class);
        publish(command.reply(MessageTypes.VALIDATION_COMPLETED, "", new ValidationCompleted(Operation.CREATE, PASSED)));
        publish(command.reply(MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, "", new SystemAccountProvisioned("immuta_system",
                sealer.seal(ACCOUNT_PASSWORD, SealingContext.systemAccountPassword(id, payload.spec())))));
        publish(command.reply(MessageTypes.OPERATION_SUCCEEDED, "", OperationFinished.succeeded(Operation.CREATE)));
        awaitStatus(id, "enabled");
        return id;
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/integrations/" + id).then().body("status", equalTo(status)));
    }

    private Envelope command(String id, String type) {
        return command(id, type, record -> true);
    }

    private Envelope command(String id, String type, Predicate<Envelope> matches) {
        return EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, MessageTypes.ALL.get(type).topic(),
                record -> id.equals(record.key()) && type.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE))
                && matches.test(EnvelopeCodec.decodeChecked(record.value())), Duration.ofSeconds(30)).value());
    }

    private List<Envelope> events(String id) {
        return TopicRecords.readAll(bootstrapServers, Topics.EVENTS).stream().filter(record -> id.equals(record.key()))
                .map(record -> EnvelopeCodec.decodeChecked(record.value())).toList();
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event), EnvelopeCodec.headers(event));
    }

    private long revalidationsOf(String id) {
        return TopicRecords.readAll(bootstrapServers, Topics.CHECKS).stream().filter(record -> id.equals(record.key())
                && MessageTypes.REVALIDATE_INTEGRATION.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE))).count();
    }

    @Test
    void aForcedDisableTakesNoCredentialsFreesTheHostAndEndsThePeriodicChecks() throws Exception {
        String id = enabled("life-disable.example.com", true, false);

        admin().contentType(ContentType.JSON).body(PRIVILEGED).delete("/integrations/" + id + "?force=true")
                .then().statusCode(400).body("message", startsWith("Credentials are not used by a forced disable"));
        admin().delete("/integrations/" + id + "?force=maybe").then().statusCode(400).body("message", containsString("force"));

        admin().delete("/integrations/" + id + "?force=true").then().statusCode(200)
                .body("status", equalTo("disabled")).body("message", containsString("nothing in the target"));
        admin().get("/integrations/" + id).then().statusCode(200).body("status", equalTo("disabled"));
        assertTrue(TopicRecords.readAll(bootstrapServers, Topics.COMMANDS).stream().noneMatch(record -> id.equals(record.key())
                && MessageTypes.DELETE_INTEGRATION.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE))),
                "a forced disable sends no worker anything");

        await().atMost(Duration.ofSeconds(30)).until(() -> events(id).stream().anyMatch(event ->
                event.type().equals(MessageTypes.OPERATION_SUCCEEDED)
                        && event.payloadAs(OperationFinished.class).status() == IntegrationStatus.DISABLED));
        Envelope started = events(id).stream().filter(event -> event.type().equals(MessageTypes.OPERATION_STARTED)
                && event.payloadAs(OperationStarted.class).operation() == Operation.DISABLE).findFirst().orElseThrow();
        assertEquals(IntegrationStatus.DISABLED, started.payloadAs(OperationStarted.class).status());

        // the host is free again, and the disabled one is checked no more
        admin().contentType(ContentType.JSON).body(body("life-disable.example.com", true, false)).post("/integrations")
                .then().statusCode(202).body("status", equalTo("creating"));
        long checks = revalidationsOf(id);
        Thread.sleep(5000); // more than two periods of the test's 2 s re-validation
        assertEquals(checks, revalidationsOf(id), "a disabled integration is not re-validated");

        // edits, checks and a second disable are refused; a delete deregisters it without a worker
        admin().contentType(ContentType.JSON).body(body("life-disable.example.com", true, false)).put("/integrations/" + id)
                .then().statusCode(409).body("message", equalTo("Unable to edit integration with ID " + id + " in current state disabled."));
        admin().post("/integrations/" + id + "/validate").then().statusCode(409)
                .body("message", equalTo("Unable to validate integration with ID " + id + " in current state disabled."));
        admin().delete("/integrations/" + id + "?force=true").then().statusCode(409)
                .body("message", equalTo("Unable to disable integration with ID " + id + " in current state disabled."));
        admin().contentType(ContentType.JSON).body(PRIVILEGED).delete("/integrations/" + id).then().statusCode(400);
        admin().delete("/integrations/" + id).then().statusCode(200).body("status", equalTo("deleted"));
        admin().get("/integrations/" + id).then().statusCode(404);
    }

    @Test
    void aForcedDisableIsTheWayOutOfACreateError() {
        String id = admin().contentType(ContentType.JSON).body(body("life-create-error.example.com", true, false)).post("/integrations")
                .then().statusCode(202).extract().path("id");
        Envelope command = command(id, MessageTypes.CREATE_INTEGRATION);
        publish(command.reply(MessageTypes.VALIDATION_COMPLETED, "", new ValidationCompleted(Operation.CREATE, FAILED)));
        awaitStatus(id, "createError");
        admin().delete("/integrations/" + id + "?force=true").then().statusCode(200).body("status", equalTo("disabled"));
    }

    @Test
    void aForcedDisableWaitsForTheOperationInFlight() {
        String id = admin().contentType(ContentType.JSON).body(body("life-busy.example.com", true, false)).post("/integrations")
                .then().statusCode(202).extract().path("id");
        admin().delete("/integrations/" + id + "?force=true").then().statusCode(409)
                .body("message", equalTo("Unable to disable integration with ID " + id + " in current state creating."));
    }

    /**
     * Answers every check of {@code id} queued while {@code request} runs with {@code results}: the periodic checks
     * queue some too, and the test cannot tell which one the request waits for.
     */
    private ValidatableResponse answeringChecks(String id, ValidationResults results, java.util.function.Supplier<ValidatableResponse> request) {
        CompletableFuture<ValidatableResponse> answer = CompletableFuture.supplyAsync(request);
        Set<UUID> answered = new HashSet<>();
        while (!answer.isDone()) {
            for (ConsumerRecord<String, String> record : TopicRecords.readAll(bootstrapServers, Topics.CHECKS)) {
                Envelope check = EnvelopeCodec.decodeChecked(record.value());
                if (id.equals(record.key()) && check.type().equals(MessageTypes.REVALIDATE_INTEGRATION) && answered.add(check.messageId())) {
                    Integer version = check.payloadAs(RevalidationRequest.class).supportObjectsVersion();
                    publish(check.reply(MessageTypes.REVALIDATION_COMPLETED, "", new RevalidationCompleted(results,
                            results.failureMessage().isEmpty() ? version : null)));
                }
            }
            sleep(200);
        }
        return answer.join();
    }

    @Test
    void validateNowChecksAsTheSystemAccountAndAnswersWithTheResultsBothWays() {
        String id = enabled("life-validate.example.com", false, false);

        answeringChecks(id, FAILED, () -> admin().post("/integrations/" + id + "/validate").then()).statusCode(200)
                .body("status", equalTo("recurringValidationError"))
                .body("validationResults.status", equalTo("failed"))
                .body("message", containsString("schema immuta_system is missing"));

        Envelope check = command(id, MessageTypes.REVALIDATE_INTEGRATION);
        RevalidationRequest request = check.payloadAs(RevalidationRequest.class);
        Credentials account = Json.convert(Json.read(sealer.unseal(request.sealedCredentials(),
                SealingContext.revalidationCredentials(id, check.operationId(), request.spec()))), Credentials.class);
        assertEquals(ACCOUNT_PASSWORD, account.password(), "the check logs in as the stored system account");

        answeringChecks(id, PASSED, () -> admin().post("/integrations/" + id + "/validate").then()).statusCode(200)
                .body("status", equalTo("enabled"))
                .body("validationResults.status", equalTo("passed"));
    }

    @Test
    void validateNowIsRefusedWhileAnOperationRunsAndAnswers202WhenNoWorkerAnswers() {
        String id = enabled("life-validate-busy.example.com", true, false);
        admin().contentType(ContentType.JSON).body(body("life-validate-busy.example.com", true, false)).put("/integrations/" + id)
                .then().statusCode(202);
        admin().post("/integrations/" + id + "/validate").then().statusCode(409)
                .body("message", equalTo("Unable to validate integration with ID " + id + " in current state editing."));
        admin().contentType(ContentType.JSON).body("{\"supportObjectsVersion\": \"two\"}").post("/integrations/" + id + "/validate")
                .then().statusCode(400).body("errors[0].field", equalTo("supportObjectsVersion"));
    }

    @Test
    void aManualIntegrationGetsItsMigrationScriptAndAPassedCheckRecordsTheVersionItVouchesFor() {
        String id = enabled("life-manual-migrate.example.com", false, true);
        setVersion(id, 1);
        admin().get("/integrations/" + id).then().body("supportObjectsVersion", equalTo(1));

        String script = admin().post("/integrations/" + id + "/scripts/migrate?dialect=postgresql").then().statusCode(200)
                .body("database", equalTo("immuta")).extract().path("script");
        assertTrue(script.contains("SET search_path TO pg_catalog") && script.contains("FROM PUBLIC"), script);
        admin().post("/integrations/" + id + "/migrate").then().statusCode(409).body("message", containsString("scripts/migrate"));

        answeringChecks(id, PASSED, () -> admin().contentType(ContentType.JSON)
                .body("{\"supportObjectsVersion\": " + ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION + "}")
                .post("/integrations/" + id + "/validate").then()).statusCode(200).body("status", equalTo("enabled"));
        admin().get("/integrations/" + id).then().body("supportObjectsVersion", equalTo(ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION));
        admin().contentType(ContentType.JSON).body("{\"supportObjectsVersion\": 2}").post("/integrations/" + id + "/validate")
                .then().statusCode(400).body("errors[0].field", equalTo("supportObjectsVersion"));
        admin().post("/integrations/" + id + "/scripts/migrate").then().statusCode(200)
                .body("script", containsString("nothing to change"));
    }

    @Test
    void theGatewayMigratesAnOutdatedAutomaticIntegrationAsItsSystemAccountAndRecordsTheVersionOfTheOutcome() {
        String id = enabled("life-auto-migrate.example.com", true, false);
        setVersion(id, 1);

        Envelope migrate = command(id, MessageTypes.MIGRATE_INTEGRATION);
        IntegrationCommand payload = migrate.payloadAs(IntegrationCommand.class);
        assertEquals(Operation.MIGRATE, payload.operation());
        assertEquals(1, payload.supportObjectsVersion());
        Credentials login = Json.convert(Json.read(sealer.unseal(payload.sealedCredentials(),
                SealingContext.commandCredentials(id, migrate.operationId(), payload.spec()))), Credentials.class);
        assertEquals("immuta_system", login.username(), "migrated by itself as the system account");
        assertEquals(ACCOUNT_PASSWORD, login.password());
        admin().get("/integrations/" + id).then().body("status", equalTo("migrating"));
        admin().post("/integrations/" + id + "/validate").then().statusCode(409);

        publish(migrate.reply(MessageTypes.VALIDATION_COMPLETED, "", new ValidationCompleted(Operation.MIGRATE, PASSED)));
        publish(migrate.reply(MessageTypes.OPERATION_SUCCEEDED, "", OperationFinished.succeeded(Operation.MIGRATE)
                .withSupportObjectsVersion(ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION)));
        awaitStatus(id, "enabled");
        admin().get("/integrations/" + id).then().body("supportObjectsVersion", equalTo(ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION));
    }

    @Test
    void aMigrationThatOnlyTheOwnerMayRunWaitsForPrivilegedCredentialsAndAFailureKeepsTheOldVersion() throws Exception {
        String id = enabled("life-owner-migrate.example.com", true, true);
        setVersion(id, 1);
        Thread.sleep(5000); // more than two periods of the gateway's own migrations
        admin().get("/integrations/" + id).then().body("status", equalTo("enabled")).body("supportObjectsVersion", equalTo(1));
        admin().post("/integrations/" + id + "/migrate").then().statusCode(400).body("message", containsString("privileged credentials"));

        CompletableFuture<ValidatableResponse> answer = CompletableFuture.supplyAsync(() ->
                admin().contentType(ContentType.JSON).body(PRIVILEGED).post("/integrations/" + id + "/migrate").then());
        Envelope migrate = command(id, MessageTypes.MIGRATE_INTEGRATION);
        publish(migrate.reply(MessageTypes.VALIDATION_COMPLETED, "", new ValidationCompleted(Operation.MIGRATE, PASSED)));
        answer.join().statusCode(200).body("status", equalTo("migrating"));
        publish(migrate.reply(MessageTypes.OPERATION_FAILED, "", OperationFinished.failed(Operation.MIGRATE,
                "must be owner of procedure; rolled back").withSupportObjectsVersion(1)));
        awaitStatus(id, "migrateError");
        admin().get("/integrations/" + id).then().body("supportObjectsVersion", equalTo(1))
                .body("message", containsString("rolled back"));
        // a migrateError integration may be migrated again or disabled
        admin().delete("/integrations/" + id + "?force=true").then().statusCode(200).body("status", equalTo("disabled"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes the registry say the target has an older version, as integrations set up by an older release do. */
    private void setVersion(String id, int version) {
        QuarkusTransaction.requiringNew().run(() -> assertEquals(1, entities.createNativeQuery(
                "UPDATE integration SET support_objects_version = ?1 WHERE id = ?2")
                .setParameter(1, version).setParameter(2, Long.parseLong(id)).executeUpdate()));
    }
}
