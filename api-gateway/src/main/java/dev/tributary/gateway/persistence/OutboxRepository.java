package dev.tributary.gateway.persistence;

import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.support.observability.MessageTracing;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import dev.tributary.support.persistence.DatabaseFailures;
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
    /** The trace-header column's own converter, for the insert written in SQL. */
    private static final Columns.TraceHeaders TRACE_HEADERS_COLUMN = new Columns.TraceHeaders();

    /** @param traceHeaders the trace of the request that wrote the message, for the record's headers */
    public record OutboxMessage(long id, String topic, String key, UUID messageId, String type, String payload,
                                Map<String, String> traceHeaders) {
        public OutboxMessage {
            traceHeaders = traceHeaders == null ? Map.of() : traceHeaders;
        }
    }

    public void append(String topic, Envelope envelope) {
        append(topic, envelope.integrationId(), envelope.messageId(), envelope.type(), EnvelopeCodec.encode(envelope));
    }

    /**
     * Queues a record; it will carry the trace of the current span. One insert statement, not a persisted entity:
     * the row is never read back in this transaction, and an entity's life cycle (identity fetch, persistence context,
     * flush) cost the create path a measurable share of its throughput.
     */
    public void append(String topic, String key, UUID messageId, String type, String payload) {
        getSession().createNativeMutationQuery("INSERT INTO outbox (topic, message_key, message_id, message_type, payload,"
                        + " trace_headers) VALUES (?1, ?2, ?3, ?4, ?5, cast(?6 as jsonb))")
                .setParameter(1, topic)
                .setParameter(2, key)
                .setParameter(3, messageId, UUID.class)
                .setParameter(4, type)
                .setParameter(5, payload)
                .setParameter(6, TRACE_HEADERS_COLUMN.convertToDatabaseColumn(MessageTracing.currentTraceHeaders()), String.class)
                .executeUpdate();
    }

    /** Takes the relay lock for the current transaction; false if another relay holds it. */
    public boolean tryLockRelay() {
        // an advisory lock has no JPQL form; no result class, so that the query plan cache keeps one entry for it
        return (Boolean) getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, RELAY_LOCK)
                .getSingleResult();
    }

    /**
     * The oldest messages for any topic but {@code topic}, read as values: the relay only sends and deletes them, so
     * nothing needs managing.
     */
    public List<OutboxMessage> oldestExcept(String topic, int limit) {
        return oldest("topic <> ?1", topic, limit);
    }

    /** The oldest messages for {@code topic}. */
    public List<OutboxMessage> oldestOf(String topic, int limit) {
        return oldest("topic = ?1", topic, limit);
    }

    private List<OutboxMessage> oldest(String condition, String topic, int limit) {
        return getEntityManager().createQuery("select new " + OutboxMessage.class.getName() + "(id, topic, messageKey,"
                        + " messageId, messageType, payload, traceHeaders) from OutboxEntry where " + condition
                        + " order by id", OutboxMessage.class)
                .setParameter(1, topic)
                .setMaxResults(limit)
                .getResultList();
    }

    /** One bulk delete for the whole batch. */
    public void delete(List<OutboxMessage> messages) {
        delete("id in ?1", messages.stream().map(OutboxMessage::id).toList());
    }

    /** The payloads waiting to be relayed that hold a sealed value, for counting which keys they need. */
    public List<String> payloadsWithSealedValues() {
        return getEntityManager().createQuery("select payload from OutboxEntry where payload like '%sealed:v%'", String.class)
                .getResultList();
    }

    /** Messages written but not yet relayed; a growing number means the broker is away or the relay stuck. */
    public long backlog() {
        return count();
    }
}
