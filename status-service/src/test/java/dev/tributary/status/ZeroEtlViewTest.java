package dev.tributary.status;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.messaging.ProviderStatusChanged;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.ProviderError;
import dev.tributary.contracts.zeroetl.ProviderState;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * A zero-ETL integration's view shows what RDS reports: its status, its errors as {code, message} and its creation
 * time, from the operation's events and from the periodic watch, whose findings move the integration between enabled
 * and recurringValidationError. Folded from the topic and read through the API, as a client sees it.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class ZeroEtlViewTest {
    private static final String HEALTHY_IN_RDS = "Validate Zero-ETL: Integration Is Healthy In RDS";
    private static final Instant CREATED = Instant.parse("2026-11-30T08:59:00.25Z");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private String reader;

    @BeforeEach
    void grantReaderKey() {
        reader = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.INTEGRATION_READ));
    }

    @Test
    void theProvidersErrorsAndCreationTimeAreStoredAndShown() {
        String id = newId();
        UUID operation = UUID.randomUUID();
        publish(Envelope.of(MessageTypes.OPERATION_STARTED, id, operation, started(Operation.CREATE)));
        publish(Envelope.of(MessageTypes.PROVIDER_STATUS_CHANGED, id, operation, new ProviderStatusChanged(Operation.CREATE,
                arn(id), "failed", List.of(new ProviderError("KMSKeyNotAccessibleFault", "the key is disabled"),
                new ProviderError("IntegrationQuotaExceededFault", "quota exceeded")), CREATED)));
        awaitView(id, view -> view.body("providerStatus", equalTo("failed"))
                .body("providerErrors", hasSize(2))
                .body("providerErrors[0].code", equalTo("KMSKeyNotAccessibleFault"))
                .body("providerErrors[0].message", equalTo("the key is disabled"))
                .body("providerErrors[1].code", equalTo("IntegrationQuotaExceededFault"))
                .body("providerCreateTime", equalTo("2026-11-30T08:59:00.25Z"))
                .body("integrationArn", equalTo(arn(id)))
                .body("timeline.find { it.type == 'ProviderStatusChanged' }.message",
                        equalTo("KMSKeyNotAccessibleFault: the key is disabled; IntegrationQuotaExceededFault: quota exceeded")));
        StatusApiKeys.as(reader).get("/integrations?q=" + id).then().statusCode(200)
                .body("items[0].providerErrors.code", contains("KMSKeyNotAccessibleFault", "IntegrationQuotaExceededFault"));

        // a later status without errors clears them; the creation time, once known, stays when an event lacks it
        publish(Envelope.of(MessageTypes.PROVIDER_STATUS_CHANGED, id, operation, new ProviderStatusChanged(Operation.CREATE,
                arn(id), "creating", List.of(), null)));
        awaitView(id, view -> view.body("providerStatus", equalTo("creating"))
                .body("providerErrors", nullValue())
                .body("providerCreateTime", equalTo("2026-11-30T08:59:00.25Z")));
    }

    @Test
    void theWatchTurnsATroubledIntegrationARecurringValidationErrorAndAHealthyOneEnabledAgain() {
        String id = enabledIntegration();
        ProviderState troubled = new ProviderState(arn(id), "needs_attention",
                List.of(new ProviderError("BinlogFormat", "binlog_format must be ROW")), CREATED);
        publish(Envelope.of(MessageTypes.REVALIDATION_COMPLETED, id, UUID.randomUUID(), new RevalidationCompleted(
                ValidationResults.of(List.of(ValidationTest.failed(HEALTHY_IN_RDS,
                        "RDS reports needs_attention: BinlogFormat: binlog_format must be ROW"))), null, troubled)));
        String message = HEALTHY_IN_RDS + ": RDS reports needs_attention: BinlogFormat: binlog_format must be ROW";
        awaitView(id, view -> view.body("status", equalTo("recurringValidationError"))
                .body("message", equalTo(message))
                .body("providerStatus", equalTo("needs_attention"))
                .body("providerErrors[0].code", equalTo("BinlogFormat"))
                .body("providerErrors[0].message", equalTo("binlog_format must be ROW"))
                .body("providerCreateTime", equalTo("2026-11-30T08:59:00.25Z"))
                .body("timeline.find { it.type == 'RevalidationCompleted' }.outcome", equalTo("needs_attention"))
                .body("timeline.find { it.type == 'RevalidationCompleted' }.message", equalTo(message)));

        publish(Envelope.of(MessageTypes.REVALIDATION_COMPLETED, id, UUID.randomUUID(),
                new RevalidationCompleted(healthy(), null, new ProviderState(arn(id), "syncing", List.of(), CREATED))));
        awaitView(id, view -> view.body("status", equalTo("enabled"))
                .body("message", nullValue())
                .body("providerStatus", equalTo("syncing"))
                .body("providerErrors", nullValue())
                .body("validationResults.status", equalTo("passed")));

        publish(Envelope.of(MessageTypes.REVALIDATION_COMPLETED, id, UUID.randomUUID(),
                new RevalidationCompleted(healthy(), null, new ProviderState(arn(id), "active", List.of(), CREATED))));
        awaitView(id, view -> view.body("status", equalTo("enabled"))
                .body("providerStatus", equalTo("active"))
                .body("timeline.findAll { it.type == 'RevalidationCompleted' }.outcome",
                        contains("needs_attention", "syncing", "active")));
    }

    /** Events written before errors had a shape: "CODE: message" lines, no creation time. */
    @Test
    void aProviderStatusOfTheOldFormatStillShowsItsErrorsAsCodeAndMessage() {
        String id = newId();
        UUID operation = UUID.randomUUID();
        publish(Envelope.of(MessageTypes.OPERATION_STARTED, id, operation, started(Operation.CREATE)));
        publish(new Envelope(UUID.randomUUID(), MessageTypes.PROVIDER_STATUS_CHANGED, id, operation, Instant.now(),
                Envelope.SCHEMA_VERSION, Json.read("""
                        {"operation": "create", "integrationArn": "%s", "providerStatus": "needs_attention",
                         "errors": ["BinlogFormat: binlog_format must be ROW"]}""".formatted(arn(id)))));
        awaitView(id, view -> view.body("providerStatus", equalTo("needs_attention"))
                .body("providerErrors[0].code", equalTo("BinlogFormat"))
                .body("providerErrors[0].message", equalTo("binlog_format must be ROW"))
                .body("providerCreateTime", nullValue()));
    }

    @Test
    void aRefreshRunsAsTheIntegrationsOperationAndLeavesItEnabledWithItsLastCheck() {
        String id = enabledIntegration();
        publish(Envelope.of(MessageTypes.REVALIDATION_COMPLETED, id, UUID.randomUUID(),
                new RevalidationCompleted(healthy(), null, new ProviderState(arn(id), "active", List.of(), CREATED))));
        awaitView(id, view -> view.body("validationResults.status", equalTo("passed")));

        UUID refresh = UUID.randomUUID();
        publish(Envelope.of(MessageTypes.OPERATION_STARTED, id, refresh, started(Operation.REFRESH)));
        awaitView(id, view -> view.body("status", equalTo("enabled"))
                .body("currentOperation.operation", equalTo("refresh"))
                .body("validationResults.validationTests[0].name", equalTo(HEALTHY_IN_RDS)));

        Instant stepStart = Instant.now();
        publish(Envelope.of(MessageTypes.STEP_COMPLETED, id, refresh, new StepCompleted(Operation.REFRESH,
                "refresh-inerror-tables", stepStart, stepStart.plusMillis(20), StepCompleted.DONE, "books_replica")));
        publish(Envelope.of(MessageTypes.OPERATION_FAILED, id, refresh,
                OperationFinished.failed(Operation.REFRESH, "database books_replica does not exist")));
        awaitView(id, view -> view.body("status", equalTo("enabled"))
                .body("currentOperation", nullValue())
                .body("message", equalTo("database books_replica does not exist"))
                .body("lastError", equalTo("database books_replica does not exist"))
                .body("providerStatus", equalTo("active"))
                .body("timeline.find { it.step == 'refresh-inerror-tables' }.operation", equalTo("refresh"))
                .body("timeline.find { it.type == 'OperationFailed' }.outcome", equalTo("enabled")));
    }

    /** A zero-ETL integration that went through its create, active in RDS. */
    private String enabledIntegration() {
        String id = newId();
        UUID operation = UUID.randomUUID();
        publish(Envelope.of(MessageTypes.OPERATION_STARTED, id, operation, started(Operation.CREATE)));
        publish(Envelope.of(MessageTypes.PROVIDER_STATUS_CHANGED, id, operation,
                ProviderStatusChanged.of(Operation.CREATE, new ProviderState(arn(id), "active", List.of(), CREATED))));
        publish(Envelope.of(MessageTypes.OPERATION_SUCCEEDED, id, operation, OperationFinished.succeeded(Operation.CREATE)));
        awaitView(id, view -> view.body("status", equalTo("enabled")).body("providerStatus", equalTo("active")));
        return id;
    }

    private static OperationStarted started(Operation operation) {
        return new OperationStarted(operation, operation.inProgress(), IntegrationType.ZERO_ETL, true, "integration books",
                Json.tree(Map.of("integrationName", "books",
                        "sourceArn", "arn:aws:rds:us-east-1:123456789012:cluster:books")));
    }

    private static ValidationResults healthy() {
        return ValidationResults.of(List.of(ValidationTest.passed(HEALTHY_IN_RDS, List.of())));
    }

    private static String arn(String id) {
        return "arn:aws:rds:us-east-1:123456789012:integration:" + id;
    }

    private static String newId() {
        return "zetl" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void awaitView(String id, Consumer<ValidatableResponse> expectations) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                expectations.accept(StatusApiKeys.as(reader).get("/integrations/" + id).then().statusCode(200)));
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event),
                EnvelopeCodec.headers(event));
    }
}
