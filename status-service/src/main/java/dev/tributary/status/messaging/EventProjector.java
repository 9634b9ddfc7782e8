package dev.tributary.status.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import dev.tributary.support.observability.MessageTracing;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.messaging.ProviderStatusChanged;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.support.messaging.Retries;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.status.persistence.StatusViewRepository;
import dev.tributary.status.stream.ViewChanges;
import dev.tributary.status.persistence.StatusViewRepository.TimelineEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Folds {@code integration.events} into the status view. Each event is applied in one transaction together with
 * its timeline row, whose key is the message id: a duplicate is recognised there and changes nothing, and
 * replaying the topic from the start rebuilds the same view. Events of an operation that is no longer current
 * reach the timeline but do not change the status.
 */
@ApplicationScoped
public class EventProjector {
    @Inject
    StatusViewRepository view;

    @Inject
    ViewChanges changes;
    @Inject
    MessageTracing tracing;

    @Incoming("events")
    @Blocking
    public void onEvent(ConsumerRecord<String, String> record) {
        Envelope event = EnvelopeCodec.decodeChecked(record.value(), Topics.EVENTS);
        tracing.handle(record, event, () -> {
            boolean changed = Retries.withBackoff("status view update for " + event.type(),
                    () -> QuarkusTransaction.requiringNew().call(() -> apply(event)));
            if (changed) {
                changes.published(event);
            }
        });
    }

    /** Applies the event; false if it was a duplicate, which changes nothing. */
    boolean apply(Envelope event) {
        if (!view.appendTimeline(timelineEntry(event))) {
            return false;
        }
        String id = event.integrationId();
        switch (event.type()) {
            case MessageTypes.OPERATION_STARTED -> {
                OperationStarted started = event.payloadAs(OperationStarted.class);
                view.startOperation(id, started.integrationType().wireName(), started.target(), started.autoBootstrap(),
                        started.config(), started.status().wireName(), started.operation().wireName(),
                        event.operationId(), event.occurredAt());
            }
            case MessageTypes.VALIDATION_COMPLETED ->
                    view.recordValidation(id, event.operationId(), event.payload().get("validationResults"), event.occurredAt());
            case MessageTypes.OPERATION_SUCCEEDED, MessageTypes.OPERATION_FAILED -> {
                OperationFinished finished = event.payloadAs(OperationFinished.class);
                view.finishOperation(id, event.operationId(), finished.status().wireName(), finished.message(),
                        event.type().equals(MessageTypes.OPERATION_FAILED), event.occurredAt());
            }
            case MessageTypes.PROVIDER_STATUS_CHANGED -> {
                ProviderStatusChanged provider = event.payloadAs(ProviderStatusChanged.class);
                view.recordProviderStatus(id, provider.integrationArn(), provider.providerStatus(), event.occurredAt());
            }
            case MessageTypes.REVALIDATION_COMPLETED -> {
                ValidationResults results = event.payloadAs(RevalidationCompleted.class).validationResults();
                IntegrationStatus status = results.failureMessage().isEmpty()
                        ? IntegrationStatus.ENABLED : IntegrationStatus.RECURRING_VALIDATION_ERROR;
                view.recordRevalidation(id, event.payload().get("validationResults"), status.wireName(),
                        results.failureMessage().orElse(null), event.occurredAt());
            }
            default -> {
                // steps and the rest only add to the timeline
            }
        }
        return true;
    }

    /** What the timeline shows of an event: its operation, step, timing, outcome and message. */
    private static TimelineEntry timelineEntry(Envelope event) {
        String operation = null;
        String step = null;
        StepCompleted timing = null;
        String outcome = null;
        String message = null;
        switch (event.type()) {
            case MessageTypes.OPERATION_STARTED -> operation = event.payloadAs(OperationStarted.class).operation().wireName();
            case MessageTypes.VALIDATION_COMPLETED -> {
                ValidationCompleted validation = event.payloadAs(ValidationCompleted.class);
                operation = validation.operation().wireName();
                outcome = validation.validationResults().status().name().toLowerCase();
                message = validation.validationResults().failureMessage().orElse(null);
            }
            case MessageTypes.STEP_COMPLETED -> {
                timing = event.payloadAs(StepCompleted.class);
                operation = timing.operation().wireName();
                step = timing.step();
                outcome = timing.outcome();
                message = timing.detail();
            }
            case MessageTypes.OPERATION_SUCCEEDED, MessageTypes.OPERATION_FAILED -> {
                OperationFinished finished = event.payloadAs(OperationFinished.class);
                operation = finished.operation().wireName();
                outcome = finished.status().wireName();
                message = finished.message();
            }
            case MessageTypes.PROVIDER_STATUS_CHANGED -> {
                ProviderStatusChanged provider = event.payloadAs(ProviderStatusChanged.class);
                operation = provider.operation().wireName();
                outcome = provider.providerStatus();
                message = provider.errors() == null || provider.errors().isEmpty() ? null : String.join("; ", provider.errors());
            }
            case MessageTypes.REVALIDATION_COMPLETED -> {
                ValidationResults results = event.payloadAs(RevalidationCompleted.class).validationResults();
                operation = "revalidate";
                outcome = results.status().name().toLowerCase();
                message = results.failureMessage().orElse(null);
            }
            default -> {
                // known to the contracts but without details worth showing (the sealed account, for one)
            }
        }
        return new TimelineEntry(event.messageId(), event.integrationId(), event.operationId(), operation, event.type(),
                step, timing == null ? null : timing.startedAt(), timing == null ? null : timing.finishedAt(), outcome,
                message, event.occurredAt());
    }
}
