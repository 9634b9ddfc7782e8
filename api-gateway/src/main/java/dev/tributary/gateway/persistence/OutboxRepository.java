package dev.tributary.gateway.persistence;

import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.support.observability.MessageTracing;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Messages written in the same transaction as the registry change, waiting to be relayed to Kafka. */
@ApplicationScoped
@DatabaseFailures
@ActivateRequestContext // the backlog gauge reads outside a transaction and needs a session
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {
    /** Only one relay may drain the outbox at a time, so one integration's messages keep their order. */
    private static final long RELAY_LOCK = 0x7472696275L;

    /** @param traceHeaders the trace of the request that wrote the message, for the record's headers */
    public record OutboxMessage(long id, String topic, String key, UUID messageId, String type, String payload,
                                Map<String, String> traceHeaders) {
    }

    public void append(String topic, Envelope envelope) {
        append(topic, envelope.integrationId(), envelope.messageId(), envelope.type(), EnvelopeCodec.encode(envelope));
    }

    /** Queues a record; it will carry the trace of the current span. */
    public void append(String topic, String key, UUID messageId, String type, String payload) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = topic;
        entry.messageKey = key;
        entry.messageId = messageId;
        entry.messageType = type;
        entry.payload = payload;
        entry.traceHeaders = MessageTracing.currentTraceHeaders();
        persist(entry);
    }

    /** Takes the relay lock for the current transaction; false if another relay holds it. */
    public boolean tryLockRelay() {
        // an advisory lock has no JPQL form; no result class, so that the query plan cache keeps one entry for it
        return (Boolean) getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, RELAY_LOCK)
                .getSingleResult();
    }

    public List<OutboxMessage> oldest(int limit) {
        return findAll(Sort.by("id")).page(Page.ofSize(limit)).stream()
                .map(entry -> new OutboxMessage(entry.id, entry.topic, entry.messageKey, entry.messageId, entry.messageType,
                        entry.payload, entry.traceHeaders == null ? Map.of() : entry.traceHeaders))
                .toList();
    }

    /** One bulk delete for the whole batch. */
    public void delete(List<OutboxMessage> messages) {
        delete("id in ?1", messages.stream().map(OutboxMessage::id).toList());
    }

    /** Messages written but not yet relayed; a growing number means the broker is away or the relay stuck. */
    public long backlog() {
        return count();
    }
}
