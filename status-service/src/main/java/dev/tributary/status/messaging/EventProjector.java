package dev.tributary.status.messaging;

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

    @Incoming("events")
    @Blocking
    public void onEvent(String value) {
        Envelope event = EnvelopeCodec.decodeChecked(value, Topics.EVENTS);
        Retries.withBackoff("status view update for " + event.type(), () -> QuarkusTransaction.requiringNew().run(() -> apply(event)));
    }

    void apply(Envelope event) {
        String id = event.integrationId();
        switch (event.type()) {
            case MessageTypes.OPERATION_STARTED -> {
                OperationStarted started = event.payloadAs(OperationStarted.class);
                if (timeline(event, started.operation().wireName(), null, null, null, null)) {
                    view.startOperation(id, started.integrationType().wireName(), started.target(), started.autoBootstrap(),
                            started.config(), started.status().wireName(), started.operation().wireName(),
                            event.operationId(), event.occurredAt());
                }
            }
            case MessageTypes.VALIDATION_COMPLETED -> {
                ValidationCompleted validation = event.payloadAs(ValidationCompleted.class);
                if (timeline(event, validation.operation().wireName(), null, null,
                        validation.validationResults().status().name().toLowerCase(),
                        validation.validationResults().failureMessage().orElse(null))) {
                    view.recordValidation(id, event.operationId(), event.payload().get("validationResults"), event.occurredAt());
                }
            }
            case MessageTypes.STEP_COMPLETED -> {
                StepCompleted step = event.payloadAs(StepCompleted.class);
                timeline(event, step.operation().wireName(), step.step(), step, step.outcome(), step.detail());
            }
            case MessageTypes.OPERATION_SUCCEEDED, MessageTypes.OPERATION_FAILED -> {
                OperationFinished finished = event.payloadAs(OperationFinished.class);
                boolean failed = event.type().equals(MessageTypes.OPERATION_FAILED);
                if (timeline(event, finished.operation().wireName(), null, null, finished.status().wireName(), finished.message())) {
                    view.finishOperation(id, event.operationId(), finished.status().wireName(), finished.message(),
                            failed, event.occurredAt());
                }
            }
            case MessageTypes.PROVIDER_STATUS_CHANGED -> {
                ProviderStatusChanged provider = event.payloadAs(ProviderStatusChanged.class);
                String errors = provider.errors() == null || provider.errors().isEmpty() ? null : String.join("; ", provider.errors());
                if (timeline(event, provider.operation().wireName(), null, null, provider.providerStatus(), errors)) {
                    view.recordProviderStatus(id, provider.integrationArn(), provider.providerStatus(), event.occurredAt());
                }
            }
            case MessageTypes.REVALIDATION_COMPLETED -> {
                ValidationResults results = event.payloadAs(RevalidationCompleted.class).validationResults();
                String message = results.failureMessage().orElse(null);
                if (timeline(event, "revalidate", null, null, results.status().name().toLowerCase(), message)) {
                    view.recordRevalidation(id, event.payload().get("validationResults"),
                            (message == null ? IntegrationStatus.ENABLED : IntegrationStatus.RECURRING_VALIDATION_ERROR).wireName(),
                            message, event.occurredAt());
                }
            }
            default -> timeline(event, null, null, null, null, null);
        }
    }

    private boolean timeline(Envelope event, String operation, String step, StepCompleted timing, String outcome, String message) {
        return view.appendTimeline(new TimelineEntry(event.messageId(), event.integrationId(), event.operationId(),
                operation, event.type(), step, timing == null ? null : timing.startedAt(),
                timing == null ? null : timing.finishedAt(), outcome, message, event.occurredAt()));
    }
}
