package dev.tributary.status.messaging;

import dev.tributary.contracts.Json;
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
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.messaging.WorkRefused;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.zeroetl.ProviderState;
import dev.tributary.status.persistence.StatusViewRepository;
import dev.tributary.status.persistence.StatusViewRepository.RowChange;
import dev.tributary.status.persistence.StatusViewRepository.TimelineEntry;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the view keeps of one event: its timeline row (operation, step, timing, outcome, message) and the change
 * to its integration's part of the view (its row, or one of its data sources), if it makes one. Pure: no database,
 * no broker.
 *
 * @param timelineInChange the change writes the timeline row itself, and only when the event changes what the view
 *                         shows (a check that finds what the last one found adds no row); the projector then leaves
 *                         the row out of the timeline it appends
 */
public record EventFold(TimelineEntry timeline, Optional<RowChange> change, boolean timelineInChange) {

    public EventFold(TimelineEntry timeline, Optional<RowChange> change) {
        this(timeline, change, false);
    }

    /**
     * How each event type folds. Types not listed (the sealed system account, for one) are known to the contracts
     * but only worth a timeline row.
     */
    private static final Map<String, Function<EnvelopeCodec.Checked, EventFold>> HANDLERS = Map.of(
            MessageTypes.OPERATION_STARTED, EventFold::operationStarted,
            MessageTypes.VALIDATION_COMPLETED, EventFold::validationCompleted,
            MessageTypes.STEP_COMPLETED, EventFold::stepCompleted,
            MessageTypes.OPERATION_SUCCEEDED, EventFold::operationFinished,
            MessageTypes.OPERATION_FAILED, EventFold::operationFinished,
            MessageTypes.PROVIDER_STATUS_CHANGED, EventFold::providerStatusChanged,
            MessageTypes.REVALIDATION_COMPLETED, EventFold::revalidationCompleted,
            MessageTypes.WORK_REFUSED, EventFold::workRefused,
            MessageTypes.GOVERNANCE_APPLIED, EventFold::governanceApplied,
            MessageTypes.DATA_SOURCE_CHANGED, EventFold::dataSourceChanged);

    /** Folds an event whose payload has been read as its type's record. */
    public static EventFold of(EnvelopeCodec.Checked checked) {
        Function<EnvelopeCodec.Checked, EventFold> handler = HANDLERS.get(checked.envelope().type());
        return handler != null ? handler.apply(checked) : timelineOnly(checked.envelope());
    }

    /**
     * A start opens the operation in the row. A refresh runs no validation, so the last check's results (a zero-ETL
     * integration's watch) stay on show through it; every other operation's validation replaces them.
     */
    private static EventFold operationStarted(EnvelopeCodec.Checked checked) {
        Envelope event = checked.envelope();
        OperationStarted started = checked.payloadAs(OperationStarted.class);
        String operation = started.operation().wireName();
        return new EventFold(entry(event, operation, null, null),
                Optional.of(StatusViewRepository.startOperation(event.integrationId(), started.integrationType().wireName(),
                        started.target(), started.autoBootstrap(), started.config(), started.status().wireName(),
                        operation, event.operationId(), event.occurredAt(), wireName(started.databaseMode()),
                        started.supportObjectsVersion(), started.operation() == Operation.REFRESH)));
    }

    private static EventFold validationCompleted(EnvelopeCodec.Checked checked) {
        Envelope event = checked.envelope();
        ValidationCompleted validation = checked.payloadAs(ValidationCompleted.class);
        ValidationResults results = validation.validationResults();
        return new EventFold(entry(event, validation.operation().wireName(), outcome(results),
                results.failureMessage().orElse(null)),
                Optional.of(StatusViewRepository.recordValidation(event.integrationId(), event.operationId(),
                        event.payload().get("validationResults"), event.occurredAt(), wireName(validation.databaseMode()))));
    }

    /** A step changes no row: its timing and outcome are the timeline's. */
    private static EventFold stepCompleted(EnvelopeCodec.Checked checked) {
        Envelope event = checked.envelope();
        StepCompleted step = checked.payloadAs(StepCompleted.class);
        return new EventFold(new TimelineEntry(event.messageId(), event.integrationId(), event.operationId(),
                step.operation().wireName(), event.type(), step.step(), step.startedAt(), step.finishedAt(),
                step.outcome(), step.detail(), event.occurredAt()), Optional.empty());
    }

    private static EventFold operationFinished(EnvelopeCodec.Checked checked) {
        Envelope event = checked.envelope();
        OperationFinished finished = checked.payloadAs(OperationFinished.class);
        String status = finished.status().wireName();
        // a refresh leaves the status it found (enabled or recurringValidationError), as the gateway does
        String newStatus = finished.operation() == Operation.REFRESH ? null : status;
        return new EventFold(entry(event, finished.operation().wireName(), status, finished.message()),
                Optional.of(StatusViewRepository.finishOperation(event.integrationId(), event.operationId(), newStatus,
                        finished.message(), event.type().equals(MessageTypes.OPERATION_FAILED), event.occurredAt(),
                        finished.supportObjectsVersion())));
    }

    /** Its errors, joined, are the timeline's message: what an operator reads first when RDS is unhappy. */
    private static EventFold providerStatusChanged(EnvelopeCodec.Checked checked) {
        Envelope event = checked.envelope();
        ProviderStatusChanged changed = checked.payloadAs(ProviderStatusChanged.class);
        ProviderState provider = changed.state();
        return new EventFold(entry(event, changed.operation().wireName(), provider.status(),
                provider.errors().isEmpty() ? null : provider.errorsLine()),
                Optional.of(StatusViewRepository.recordProviderStatus(event.integrationId(), provider, event.occurredAt())));
    }

    /**
     * A check of an idle integration (periodic, or asked for with validate): not part of a user's operation, so its
     * timeline says "revalidate". Its results alone decide the status: a zero-ETL integration in trouble in RDS fails
     * the check ("Integration Is Healthy In RDS"), one that is syncing passes it. When the check described a zero-ETL
     * integration, the timeline's outcome is what RDS said (active, syncing, needs_attention, …), which a row of
     * passes would hide; the message is still the failure's. A check that finds what the view already shows only
     * moves the integration's last check (see {@link StatusViewRepository#recordRevalidation}): at one check an hour
     * a fleet would otherwise add a timeline row per integration per hour that says nothing new.
     */
    private static EventFold revalidationCompleted(EnvelopeCodec.Checked checked) {
        Envelope event = checked.envelope();
        RevalidationCompleted check = checked.payloadAs(RevalidationCompleted.class);
        ValidationResults results = check.validationResults();
        String message = results.failureMessage().orElse(null);
        IntegrationStatus status = message == null ? IntegrationStatus.ENABLED : IntegrationStatus.RECURRING_VALIDATION_ERROR;
        String outcome = check.provider() != null ? check.provider().status() : outcome(results);
        TimelineEntry entry = entry(event, "revalidate", outcome, message);
        return new EventFold(entry, Optional.of(StatusViewRepository.recordRevalidation(entry,
                event.payload().get("validationResults"), status.wireName(), message, check.supportObjectsVersion(),
                check.provider())), true);
    }

    /** A worker's word on late work: the operation's outcome comes from the gateway's deadline, not from this. */
    private static EventFold workRefused(EnvelopeCodec.Checked checked) {
        Envelope event = checked.envelope();
        WorkRefused refused = checked.payloadAs(WorkRefused.class);
        return new EventFold(entry(event, refused.operation().wireName(), "refused", refused.reason()), Optional.empty());
    }

    /**
     * How a governance change ended in the target: a timeline row named by its step. What it means for the data
     * source is the gateway's to decide (its DataSourceChanged follows), and a governance change never moves the
     * integration's status.
     */
    private static EventFold governanceApplied(EnvelopeCodec.Checked checked) {
        Envelope event = checked.envelope();
        GovernanceApplied applied = checked.payloadAs(GovernanceApplied.class);
        return new EventFold(new TimelineEntry(event.messageId(), event.integrationId(), event.operationId(),
                Operation.GOVERN.wireName(), event.type(), applied.step(), null, null, applied.outcome(), applied.message(),
                event.occurredAt()), Optional.empty());
    }

    /**
     * A data source's new state replaces the one kept (unless that one is newer); its timeline row names its view,
     * since an integration may have many. The integration's own row and status are left alone.
     */
    private static EventFold dataSourceChanged(EnvelopeCodec.Checked checked) {
        Envelope event = checked.envelope();
        DataSourceChanged source = checked.payloadAs(DataSourceChanged.class);
        String view = source.viewSchema() + "." + source.viewName();
        return new EventFold(entry(event, Operation.GOVERN.wireName(), source.status(),
                source.message() == null ? view : view + ": " + source.message()),
                Optional.of(StatusViewRepository.recordDataSource(event.integrationId(), source.dataSourceId(),
                        source.database(), source.schema(), source.table(), source.viewSchema(), source.viewName(),
                        source.status(), source.message(), Json.tree(source.policies()), event.occurredAt())));
    }

    private static EventFold timelineOnly(Envelope event) {
        return new EventFold(entry(event, null, null, null), Optional.empty());
    }

    /** A timeline row without a step or its timing. */
    private static TimelineEntry entry(Envelope event, String operation, String outcome, String message) {
        return new TimelineEntry(event.messageId(), event.integrationId(), event.operationId(), operation, event.type(),
                null, null, null, outcome, message, event.occurredAt());
    }

    private static String wireName(DatabaseMode mode) {
        return mode == null ? null : mode.wireName();
    }

    private static String outcome(ValidationResults results) {
        return results.status().name().toLowerCase();
    }
}
