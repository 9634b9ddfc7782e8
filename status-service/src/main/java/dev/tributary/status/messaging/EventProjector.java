package dev.tributary.status.messaging;

import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.status.observability.ViewMetrics;
import dev.tributary.status.persistence.StatusViewRepository;
import dev.tributary.status.persistence.StatusViewRepository.RowChange;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds {@code integration.events} into the status view, a polled batch of records at a time. A batch is applied
 * in one transaction: its events join the timeline, whose key is the message id, so a duplicate is recognised there
 * and changes nothing, and replaying the topic from the start rebuilds the same view. A check (RevalidationCompleted)
 * that finds nothing new adds no timeline row; its repeats are recognised by the integration's last check instead.
 * Events of an operation that is no longer current reach the timeline but do not change the status. An unreadable record is dead-lettered on
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
    @Inject
    ViewMetrics metrics;

    /** An event as the view takes it: its record, and what it adds to the timeline and changes in its row. */
    record Folded(ConsumerRecord<String, String> record, Envelope event, EventFold fold) {
    }

    @Incoming("events")
    @Blocking
    public void onEvents(ConsumerRecords<String, String> records) {
        List<Folded> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                EnvelopeCodec.Checked checked = EnvelopeCodec.decodeWithPayload(record.value(), Topics.EVENTS);
                events.add(new Folded(record, checked.envelope(), EventFold.of(checked)));
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
            metrics.folded(events.size(), events.stream().map(event -> event.event().occurredAt()).max(Instant::compareTo)
                    .orElseThrow());
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

    /**
     * Applies the events and returns those that changed the view; duplicates change nothing. Most are new when their
     * timeline row is; a check writes its own row, or none, and is new when its change moved the row (see
     * {@link EventFold#timelineInChange}).
     */
    private List<Folded> apply(List<Folded> events) {
        List<Folded> timelined = events.stream().filter(event -> !event.fold().timelineInChange()).toList();
        boolean[] appended = timelined.isEmpty() ? new boolean[0]
                : view.appendTimeline(timelined.stream().map(event -> event.fold().timeline()).toList());
        boolean[] fresh = new boolean[events.size()];
        List<Integer> changing = new ArrayList<>();
        List<RowChange> rowChanges = new ArrayList<>();
        for (int i = 0, next = 0; i < events.size(); i++) {
            EventFold fold = events.get(i).fold();
            fresh[i] = fold.timelineInChange() || appended[next++];
            if (fresh[i] && fold.change().isPresent()) {
                changing.add(i);
                rowChanges.add(fold.change().get());
            }
            fresh[i] &= !fold.timelineInChange(); // known once its change has run
        }
        boolean[] changed = view.apply(rowChanges);
        for (int i = 0; i < changed.length; i++) {
            fresh[changing.get(i)] |= changed[i];
        }
        List<Folded> applied = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (fresh[i]) {
                applied.add(events.get(i));
            }
        }
        return applied;
    }
}
