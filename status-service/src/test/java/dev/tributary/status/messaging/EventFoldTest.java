package dev.tributary.status.messaging;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.DataSourceChanged;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.GovernanceApplied;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.messaging.ProviderStatusChanged;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.messaging.WorkRefused;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.ProviderError;
import dev.tributary.contracts.zeroetl.ProviderState;
import dev.tributary.status.persistence.StatusViewRepository;
import dev.tributary.status.persistence.StatusViewRepository.RowChange;
import dev.tributary.status.persistence.StatusViewRepository.TimelineEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure fold: what each event type adds to the timeline and changes in its integration's row. */
class EventFoldTest {
    private static final String ID = "42";
    private static final UUID OPERATION = UUID.randomUUID();
    private static final ValidationResults PASSED = ValidationResults.of(List.of(
            ValidationTest.passed("Initial Validation: Basic Connection Test", List.of())));
    private static final ValidationResults FAILED = ValidationResults.of(List.of(
            ValidationTest.failed("Initial Validation: Basic Connection Test", "password authentication failed")));
    private static final String ARN = "arn:aws:rds:us-east-1:123456789012:integration:abc";
    private static final ValidationResults HEALTHY = ValidationResults.of(List.of(
            ValidationTest.passed("Validate Zero-ETL: Integration Is Healthy In RDS", List.of())));
    private static final ValidationResults UNHEALTHY = ValidationResults.of(List.of(
            ValidationTest.failed("Validate Zero-ETL: Integration Is Healthy In RDS",
                    "RDS reports needs_attention: BinlogFormat: binlog_format must be ROW")));

    /** The event types this test folds; every type the contracts put on the events topic must be among them. */
    private static final Set<String> COVERED = Set.of(MessageTypes.OPERATION_STARTED, MessageTypes.VALIDATION_COMPLETED,
            MessageTypes.STEP_COMPLETED, MessageTypes.OPERATION_SUCCEEDED, MessageTypes.OPERATION_FAILED,
            MessageTypes.PROVIDER_STATUS_CHANGED, MessageTypes.REVALIDATION_COMPLETED,
            MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, MessageTypes.WORK_REFUSED, MessageTypes.GOVERNANCE_APPLIED,
            MessageTypes.DATA_SOURCE_CHANGED);

    /** As the projector reads it: encoded, then decoded and checked for the events topic. */
    private static EventFold fold(Envelope event) {
        return EventFold.of(EnvelopeCodec.decodeWithPayload(EnvelopeCodec.encode(event), Topics.EVENTS));
    }

    private static Envelope event(String type, Object payload) {
        return Envelope.of(type, ID, OPERATION, payload);
    }

    private static TimelineEntry entry(Envelope event, String operation, String outcome, String message) {
        return new TimelineEntry(event.messageId(), ID, OPERATION, operation, event.type(), null, null, null, outcome,
                message, event.occurredAt());
    }

    /** A row change is a statement and its parameters (an array, which a record compares by reference). */
    private static void assertChange(RowChange expected, Optional<RowChange> actual) {
        assertTrue(actual.isPresent(), "a row change");
        assertEquals(expected.integrationId(), actual.get().integrationId());
        assertEquals(expected.sql(), actual.get().sql());
        assertEquals(Arrays.asList(expected.parameters()), Arrays.asList(actual.get().parameters()));
    }

    @Test
    void everyEventTypeOfTheContractsIsFoldedHere() {
        Set<String> eventTypes = MessageTypes.ALL.entrySet().stream()
                .filter(type -> type.getValue().topic().equals(Topics.EVENTS))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertEquals(eventTypes, COVERED);
    }

    @Test
    void anOperationStartedOpensTheOperationInTheRow() {
        var config = Json.tree(Map.of("host", "status.example.com", "password", "<REDACTED>"));
        Envelope event = event(MessageTypes.OPERATION_STARTED, new OperationStarted(Operation.EDIT,
                IntegrationStatus.EDITING, IntegrationType.REDSHIFT, true, "host status.example.com", config));
        EventFold fold = fold(event);
        assertEquals(entry(event, "edit", null, null), fold.timeline());
        assertChange(StatusViewRepository.startOperation(ID, "Redshift", "host status.example.com", true, config,
                "editing", "edit", OPERATION, event.occurredAt(), null, null, false), fold.change());
    }

    @Test
    void theDatabaseModeTravelsFromTheStartAndTheValidationIntoTheRow() {
        var config = Json.tree(Map.of("host", "status.example.com"));
        Envelope started = event(MessageTypes.OPERATION_STARTED, new OperationStarted(Operation.CREATE,
                IntegrationStatus.CREATING, IntegrationType.REDSHIFT, false, "host status.example.com", config,
                DatabaseMode.SINGLE_DATABASE, 2));
        assertChange(StatusViewRepository.startOperation(ID, "Redshift", "host status.example.com", false, config,
                "creating", "create", OPERATION, started.occurredAt(), "singleDatabase", 2, false), fold(started).change());
        Envelope validated = event(MessageTypes.VALIDATION_COMPLETED, new ValidationCompleted(Operation.CREATE, FAILED,
                DatabaseMode.MULTI_DATABASE));
        assertChange(StatusViewRepository.recordValidation(ID, OPERATION, Json.tree(FAILED), validated.occurredAt(),
                "multiDatabase"), fold(validated).change());
    }

    @Test
    void aValidationKeepsItsResultsAndTheTimelineSaysWhatFailed() {
        Envelope event = event(MessageTypes.VALIDATION_COMPLETED, new ValidationCompleted(Operation.CREATE, FAILED));
        EventFold fold = fold(event);
        assertEquals(entry(event, "create", "failed",
                "Initial Validation: Basic Connection Test: password authentication failed"), fold.timeline());
        assertChange(StatusViewRepository.recordValidation(ID, OPERATION, Json.tree(FAILED), event.occurredAt()),
                fold.change());
    }

    @Test
    void aStepIsATimelineRowWithItsTimingAndChangesNoRow() {
        Instant started = Instant.parse("2026-11-30T09:00:00.123456Z");
        Instant finished = Instant.parse("2026-11-30T09:00:00.165Z");
        Envelope event = event(MessageTypes.STEP_COMPLETED, new StepCompleted(Operation.CREATE, "create-user",
                started, finished, StepCompleted.SKIPPED, "the user exists"));
        EventFold fold = fold(event);
        assertEquals(new TimelineEntry(event.messageId(), ID, OPERATION, "create", MessageTypes.STEP_COMPLETED,
                "create-user", started, finished, "skipped", "the user exists", event.occurredAt()), fold.timeline());
        assertEquals(Optional.empty(), fold.change());
    }

    @Test
    void aGovernStepIsATimelineRowNamingTheViewAndChangesNoRow() {
        Instant started = Instant.parse("2026-11-30T09:00:00Z");
        Envelope event = event(MessageTypes.STEP_COMPLETED, new StepCompleted(Operation.GOVERN, "create-view",
                started, started.plusMillis(7), StepCompleted.DONE, "public_governed.orders"));
        EventFold fold = fold(event);
        assertEquals(new TimelineEntry(event.messageId(), ID, OPERATION, "govern", MessageTypes.STEP_COMPLETED,
                "create-view", started, started.plusMillis(7), "done", "public_governed.orders", event.occurredAt()),
                fold.timeline());
        assertEquals(Optional.empty(), fold.change(), "a governance step never moves the integration's status");
    }

    @Test
    void aDataSourceChangeKeepsItsNewStateAndIsAGovernRowNamingItsView() {
        Envelope event = event(MessageTypes.DATA_SOURCE_CHANGED, new DataSourceChanged(7, "sales", "public", "orders",
                "public_governed", "orders", "active", null, List.of(new DataSourceChanged.PolicySummary(3, "by region"))));
        EventFold fold = fold(event);
        assertEquals(entry(event, "govern", "active", "public_governed.orders"), fold.timeline());
        assertChange(StatusViewRepository.recordDataSource(ID, 7, "sales", "public", "orders", "public_governed", "orders",
                "active", null, Json.read("[{\"id\": 3, \"name\": \"by region\"}]"), event.occurredAt()), fold.change());
        assertTrue(fold.change().get().sql().startsWith("INSERT INTO data_source"), "the data source's row, not the integration's");
    }

    @Test
    void aDataSourceInErrorSaysWhyAfterItsViewsName() {
        Envelope event = event(MessageTypes.DATA_SOURCE_CHANGED, new DataSourceChanged(8, null, "public", "orders",
                "public_governed", "orders", "error", "table public.orders does not exist in database dev", null));
        EventFold fold = fold(event);
        assertEquals(entry(event, "govern", "error", "public_governed.orders: table public.orders does not exist in database dev"),
                fold.timeline());
        assertChange(StatusViewRepository.recordDataSource(ID, 8, null, "public", "orders", "public_governed", "orders",
                "error", "table public.orders does not exist in database dev", Json.read("[]"), event.occurredAt()),
                fold.change());
    }

    @Test
    void anAppliedGovernanceChangeIsAGovernRowNamedByItsStepAndChangesNoRow() {
        Envelope event = event(MessageTypes.GOVERNANCE_APPLIED, new GovernanceApplied(7L, 2, "replace-view",
                GovernanceApplied.FAILED, "the system account immuta cannot read public.orders: GRANT SELECT ...", List.of()));
        EventFold fold = fold(event);
        assertEquals(new TimelineEntry(event.messageId(), ID, OPERATION, "govern", MessageTypes.GOVERNANCE_APPLIED,
                "replace-view", null, null, "failed", "the system account immuta cannot read public.orders: GRANT SELECT ...",
                event.occurredAt()), fold.timeline());
        assertEquals(Optional.empty(), fold.change(), "the gateway decides what it means for the data source");
    }

    @Test
    void aSucceededOperationEndsItWithoutAnError() {
        Envelope event = event(MessageTypes.OPERATION_SUCCEEDED, OperationFinished.succeeded(Operation.CREATE));
        EventFold fold = fold(event);
        assertEquals(entry(event, "create", "enabled", null), fold.timeline());
        assertChange(StatusViewRepository.finishOperation(ID, OPERATION, "enabled", null, false, event.occurredAt(), null),
                fold.change());
    }

    @Test
    void aFailedOperationEndsItAndKeepsItsMessageAsTheLastError() {
        Envelope event = event(MessageTypes.OPERATION_FAILED, OperationFinished.failed(Operation.DELETE, "fix the grant"));
        EventFold fold = fold(event);
        assertEquals(entry(event, "delete", "deleteError", "fix the grant"), fold.timeline());
        assertChange(StatusViewRepository.finishOperation(ID, OPERATION, "deleteError", "fix the grant", true,
                event.occurredAt(), null), fold.change());
    }

    @Test
    void aMigrationThatFailedKeepsTheVersionItLeftInTheTarget() {
        Envelope event = event(MessageTypes.OPERATION_FAILED,
                OperationFinished.failed(Operation.MIGRATE, "rolled back").withSupportObjectsVersion(1));
        EventFold fold = fold(event);
        assertEquals(entry(event, "migrate", "migrateError", "rolled back"), fold.timeline());
        assertChange(StatusViewRepository.finishOperation(ID, OPERATION, "migrateError", "rolled back", true,
                event.occurredAt(), 1), fold.change());
    }

    @Test
    void aForcedDisableStartsAndEndsInDisabledWithTheVersionInPlace() {
        var config = Json.tree(Map.of("host", "status.example.com"));
        Envelope event = event(MessageTypes.OPERATION_STARTED, new OperationStarted(Operation.DISABLE,
                IntegrationStatus.DISABLED, IntegrationType.REDSHIFT, true, "host status.example.com", config, null, 2));
        assertChange(StatusViewRepository.startOperation(ID, "Redshift", "host status.example.com", true, config,
                "disabled", "disable", OPERATION, event.occurredAt(), null, 2, false), fold(event).change());
    }

    @Test
    void aPassedCheckRecordsTheVersionAPersonVouchedFor() {
        Envelope event = event(MessageTypes.REVALIDATION_COMPLETED, new RevalidationCompleted(PASSED, 2));
        EventFold fold = fold(event);
        assertChange(StatusViewRepository.recordRevalidation(entry(event, "revalidate", "passed", null), Json.tree(PASSED),
                "enabled", null, 2, null), fold.change());
    }

    @Test
    void aRefusedWorkItemIsATimelineRowThatLeavesTheOutcomeToTheDeadline() {
        Envelope event = event(MessageTypes.WORK_REFUSED, new WorkRefused(Operation.CREATE, "Not started: too late."));
        EventFold fold = fold(event);
        assertEquals(entry(event, "create", "refused", "Not started: too late."), fold.timeline());
        assertTrue(fold.change().isEmpty(), "the row is the deadline's to change");
    }

    @Test
    void aProviderStatusIsRecordedWithItsErrorsAndCreationTimeAndTheTimelineJoinsTheErrors() {
        Instant created = Instant.parse("2026-11-30T08:59:00Z");
        Envelope event = event(MessageTypes.PROVIDER_STATUS_CHANGED, new ProviderStatusChanged(Operation.CREATE, ARN,
                "failed", List.of(new ProviderError("DBClusterNotFoundFault", "no such cluster"),
                new ProviderError("IntegrationQuotaExceededFault", "quota exceeded")), created));
        EventFold fold = fold(event);
        assertEquals(entry(event, "create", "failed", "DBClusterNotFoundFault: no such cluster; IntegrationQuotaExceededFault:"
                + " quota exceeded"), fold.timeline());
        assertChange(StatusViewRepository.recordProviderStatus(ID, new ProviderState(ARN, "failed", List.of(
                new ProviderError("DBClusterNotFoundFault", "no such cluster"),
                new ProviderError("IntegrationQuotaExceededFault", "quota exceeded")), created), event.occurredAt()), fold.change());
        assertTrue(Arrays.asList(fold.change().get().parameters())
                .contains("[{\"code\":\"DBClusterNotFoundFault\",\"message\":\"no such cluster\"},"
                        + "{\"code\":\"IntegrationQuotaExceededFault\",\"message\":\"quota exceeded\"}]"),
                "the errors are stored as a list of {code, message}: " + Arrays.asList(fold.change().get().parameters()));
    }

    @Test
    void aProviderStatusWithoutErrorsHasNoMessage() {
        Envelope event = event(MessageTypes.PROVIDER_STATUS_CHANGED, new ProviderStatusChanged(Operation.CREATE, null,
                "active", List.of(), null));
        assertEquals(entry(event, "create", "active", null), fold(event).timeline());
    }

    /** Events written before errors had a shape carried them as "CODE: message" lines, and no creation time. */
    @Test
    void aProviderStatusOfTheOldFormatStillFoldsWithItsErrorsSplitIntoCodeAndMessage() {
        Envelope event = new Envelope(UUID.randomUUID(), MessageTypes.PROVIDER_STATUS_CHANGED, ID, OPERATION, Instant.now(),
                Envelope.SCHEMA_VERSION, Json.read("""
                        {"operation": "create", "integrationArn": "%s", "providerStatus": "needs_attention",
                         "errors": ["BinlogFormat: binlog_format must be ROW", "Unexplained"]}""".formatted(ARN)));
        EventFold fold = fold(event);
        assertEquals(entry(event, "create", "needs_attention", "BinlogFormat: binlog_format must be ROW; Unexplained"),
                fold.timeline());
        assertChange(StatusViewRepository.recordProviderStatus(ID, new ProviderState(ARN, "needs_attention", List.of(
                new ProviderError("BinlogFormat", "binlog_format must be ROW"), new ProviderError("Unexplained", "")), null),
                event.occurredAt()), fold.change());
    }

    @Test
    void aWatchThatFindsTheIntegrationInTroubleMakesItARecurringValidationErrorWithTheErrors() {
        ProviderState troubled = new ProviderState(ARN, "needs_attention",
                List.of(new ProviderError("BinlogFormat", "binlog_format must be ROW")), Instant.parse("2026-11-30T08:59:00Z"));
        Envelope event = event(MessageTypes.REVALIDATION_COMPLETED, new RevalidationCompleted(UNHEALTHY, null, troubled));
        EventFold fold = fold(event);
        String message = "Validate Zero-ETL: Integration Is Healthy In RDS: RDS reports needs_attention:"
                + " BinlogFormat: binlog_format must be ROW";
        assertEquals(entry(event, "revalidate", "needs_attention", message), fold.timeline(),
                "the timeline shows what RDS said, and why the check failed");
        assertChange(StatusViewRepository.recordRevalidation(fold.timeline(), Json.tree(UNHEALTHY), "recurringValidationError",
                message, null, troubled), fold.change());
    }

    @Test
    void aWatchThatFindsTheIntegrationSyncingKeepsItEnabledWithTheProvidersStatus() {
        ProviderState syncing = new ProviderState(ARN, "syncing", List.of(), null);
        Envelope event = event(MessageTypes.REVALIDATION_COMPLETED, new RevalidationCompleted(HEALTHY, null, syncing));
        EventFold fold = fold(event);
        assertEquals(entry(event, "revalidate", "syncing", null), fold.timeline());
        assertChange(StatusViewRepository.recordRevalidation(fold.timeline(), Json.tree(HEALTHY), "enabled", null, null, syncing),
                fold.change());
    }

    @Test
    void aRefreshRunsAsAnOperationThatKeepsTheStatusAndTheLastChecksResults() {
        var config = Json.tree(Map.of("integrationName", "books"));
        Envelope started = event(MessageTypes.OPERATION_STARTED, new OperationStarted(Operation.REFRESH,
                Operation.REFRESH.inProgress(), IntegrationType.ZERO_ETL, true, "integration books", config));
        EventFold fold = fold(started);
        assertEquals(entry(started, "refresh", null, null), fold.timeline());
        assertChange(StatusViewRepository.startOperation(ID, "ZeroETL", "integration books", true, config, "enabled",
                "refresh", OPERATION, started.occurredAt(), null, null, true), fold.change());

        Envelope step = event(MessageTypes.STEP_COMPLETED, new StepCompleted(Operation.REFRESH, "refresh-inerror-tables",
                started.occurredAt(), started.occurredAt().plusMillis(5), StepCompleted.DONE, "books_replica"));
        assertEquals("refresh", fold(step).timeline().operation());

        Envelope failed = event(MessageTypes.OPERATION_FAILED, OperationFinished.failed(Operation.REFRESH, "no such database"));
        assertEquals(entry(failed, "refresh", "enabled", "no such database"), fold(failed).timeline());
        // the status stays what the integration had (a refresh may run on a recurringValidationError one)
        assertChange(StatusViewRepository.finishOperation(ID, OPERATION, null, "no such database", true,
                failed.occurredAt(), null), fold(failed).change());
    }

    @Test
    void aPassingRevalidationMakesAnIdleIntegrationEnabled() {
        Envelope event = event(MessageTypes.REVALIDATION_COMPLETED, new RevalidationCompleted(PASSED));
        EventFold fold = fold(event);
        assertEquals(entry(event, "revalidate", "passed", null), fold.timeline());
        assertChange(StatusViewRepository.recordRevalidation(fold.timeline(), Json.tree(PASSED), "enabled", null, null, null),
                fold.change());
        assertTrue(fold.timelineInChange(), "a check writes its timeline row only when it finds something new");
    }

    @Test
    void aFailingRevalidationMakesAnIdleIntegrationARecurringValidationError() {
        Envelope event = event(MessageTypes.REVALIDATION_COMPLETED, new RevalidationCompleted(FAILED));
        EventFold fold = fold(event);
        String message = "Initial Validation: Basic Connection Test: password authentication failed";
        assertEquals(entry(event, "revalidate", "failed", message), fold.timeline());
        assertChange(StatusViewRepository.recordRevalidation(fold.timeline(), Json.tree(FAILED), "recurringValidationError",
                message, null, null), fold.change());
    }

    @Test
    void theSealedSystemAccountIsOnlyATimelineRow() {
        Envelope event = event(MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, new SystemAccountProvisioned("immuta_system", "sealed"));
        EventFold fold = fold(event);
        assertEquals(entry(event, null, null, null), fold.timeline());
        assertEquals(Optional.empty(), fold.change());
    }

    @Test
    void aTypeWithoutAHandlerIsOnlyATimelineRow() {
        Envelope event = new Envelope(UUID.randomUUID(), "SomethingNew", ID, OPERATION, Instant.now(),
                Envelope.SCHEMA_VERSION, Json.tree(Map.of()));
        EventFold fold = EventFold.of(new EnvelopeCodec.Checked(event, Map.of()));
        assertEquals(entry(event, null, null, null), fold.timeline());
        assertEquals(Optional.empty(), fold.change());
    }
}
