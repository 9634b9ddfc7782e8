package dev.tributary.status.messaging;

import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.messaging.ProviderStatusChanged;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.status.persistence.StatusViewRepository;
import dev.tributary.status.persistence.StatusViewRepository.RowChange;
import dev.tributary.status.persistence.StatusViewRepository.TimelineEntry;
import dev.tributary.status.persistence.ViewDocumentCache;
import dev.tributary.status.stream.ViewChanges;
import dev.tributary.support.messaging.Retries;
import dev.tributary.support.observability.MessageTracing;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Folds {@code integration.events} into the status view, a polled batch of records at a time. A batch is applied
 * in one transaction: its events join the timeline, whose key is the message id, so a duplicate is recognised there
 * and changes nothing, and replaying the topic from the start rebuilds the same view. Events of an operation that
 * is no longer current reach the timeline but do not change the status. An unreadable record is dead-lettered on
 * its own and the rest of its batch goes on.
 */
@ApplicationScoped
public class EventProjector {
    @Inject
    StatusViewRepository view;
    @Inject
    ViewChanges changes;
    @Inject
    MessageTracing tracing;
    @Inject
    EventDeadLetters deadLetters;
    @Inject
    ViewDocumentCache documents;

    /**
     * An event as the view takes it: its record, its timeline row, and the change to its integration's row if it
     * makes one.
     */
    record Folded(ConsumerRecord<String, String> record, Envelope event, TimelineEntry timeline, Optional<RowChange> change) {
    }

    @Incoming("events")
    @Blocking
    public void onEvents(ConsumerRecords<String, String> records) {
        List<Folded> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(fold(record, EnvelopeCodec.decodeWithPayload(record.value(), Topics.EVENTS)));
            } catch (RuntimeException unreadable) { // malformed, or a payload the view cannot make sense of
                deadLetters.send(record, unreadable);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        tracing.handleBatch(Topics.EVENTS, records, () -> {
            List<Folded> applied;
            try {
                applied = applyBatch(events);
            } finally {
                // every event of the batch, new or not: a commit whose answer was lost, or another instance's commit
                // during a partition handover, changed the view too, and so may a batch that failed half-way
                events.forEach(event -> documents.changed(event.event().integrationId(), event.record().partition()));
            }
            applied.forEach(event -> changes.published(event.event()));
        });
    }

    /**
     * Applies the batch in one transaction. If the view's tables refuse one of its events (a value breaking a rule
     * of theirs), the events go in one by one instead, and only the refused one is dead-lettered.
     */
    private List<Folded> applyBatch(List<Folded> events) {
        try {
            return applyInTransaction(events);
        } catch (MalformedMessageException refused) {
            List<Folded> applied = new ArrayList<>();
            for (Folded event : events) {
                try {
                    applied.addAll(applyInTransaction(List.of(event)));
                } catch (MalformedMessageException e) {
                    deadLetters.send(event.record(), e);
                }
            }
            return applied;
        }
    }

    /** One transaction, retried through passing failures (the database away); a refused event fails it at once. */
    private List<Folded> applyInTransaction(List<Folded> events) {
        return Retries.withBackoff("status view update for " + events.size() + " event(s)",
                () -> QuarkusTransaction.requiringNew().call(() -> apply(events)));
    }

    /** Applies the events and returns those that were new; duplicates change nothing. */
    private List<Folded> apply(List<Folded> events) {
        boolean[] appended = view.appendTimeline(events.stream().map(Folded::timeline).toList());
        List<Folded> applied = new ArrayList<>();
        List<RowChange> rowChanges = new ArrayList<>();
        for (int i = 0; i < appended.length; i++) {
            if (appended[i]) {
                applied.add(events.get(i));
                events.get(i).change().ifPresent(rowChanges::add);
            }
        }
        view.apply(rowChanges);
        return applied;
    }

    /** What the view keeps of an event: its timeline row (operation, step, timing, outcome, message) and its change. */
    static Folded fold(ConsumerRecord<String, String> record, EnvelopeCodec.Checked checked) {
        Envelope event = checked.envelope();
        String id = event.integrationId();
        String operation = null;
        String step = null;
        StepCompleted timing = null;
        String outcome = null;
        String message = null;
        RowChange change = null;
        switch (event.type()) {
            case MessageTypes.OPERATION_STARTED -> {
                OperationStarted started = checked.payloadAs(OperationStarted.class);
                operation = started.operation().wireName();
                change = StatusViewRepository.startOperation(id, started.integrationType().wireName(), started.target(),
                        started.autoBootstrap(), started.config(), started.status().wireName(), operation,
                        event.operationId(), event.occurredAt());
            }
            case MessageTypes.VALIDATION_COMPLETED -> {
                ValidationCompleted validation = checked.payloadAs(ValidationCompleted.class);
                operation = validation.operation().wireName();
                outcome = validation.validationResults().status().name().toLowerCase();
                message = validation.validationResults().failureMessage().orElse(null);
                change = StatusViewRepository.recordValidation(id, event.operationId(),
                        event.payload().get("validationResults"), event.occurredAt());
            }
            case MessageTypes.STEP_COMPLETED -> {
                timing = checked.payloadAs(StepCompleted.class);
                operation = timing.operation().wireName();
                step = timing.step();
                outcome = timing.outcome();
                message = timing.detail();
            }
            case MessageTypes.OPERATION_SUCCEEDED, MessageTypes.OPERATION_FAILED -> {
                OperationFinished finished = checked.payloadAs(OperationFinished.class);
                operation = finished.operation().wireName();
                outcome = finished.status().wireName();
                message = finished.message();
                change = StatusViewRepository.finishOperation(id, event.operationId(), outcome, message,
                        event.type().equals(MessageTypes.OPERATION_FAILED), event.occurredAt());
            }
            case MessageTypes.PROVIDER_STATUS_CHANGED -> {
                ProviderStatusChanged provider = checked.payloadAs(ProviderStatusChanged.class);
                operation = provider.operation().wireName();
                outcome = provider.providerStatus();
                message = provider.errors() == null || provider.errors().isEmpty() ? null : String.join("; ", provider.errors());
                change = StatusViewRepository.recordProviderStatus(id, provider.integrationArn(), outcome, event.occurredAt());
            }
            case MessageTypes.REVALIDATION_COMPLETED -> {
                ValidationResults results = checked.payloadAs(RevalidationCompleted.class).validationResults();
                IntegrationStatus status = results.failureMessage().isEmpty()
                        ? IntegrationStatus.ENABLED : IntegrationStatus.RECURRING_VALIDATION_ERROR;
                operation = "revalidate";
                outcome = results.status().name().toLowerCase();
                message = results.failureMessage().orElse(null);
                change = StatusViewRepository.recordRevalidation(id, event.payload().get("validationResults"),
                        status.wireName(), message, event.occurredAt());
            }
            default -> {
                // known to the contracts but only worth a timeline row (the sealed account, for one)
            }
        }
        TimelineEntry timeline = new TimelineEntry(event.messageId(), id, event.operationId(), operation, event.type(),
                step, timing == null ? null : timing.startedAt(), timing == null ? null : timing.finishedAt(), outcome,
                message, event.occurredAt());
        return new Folded(record, event, timeline, Optional.ofNullable(change));
    }
}
