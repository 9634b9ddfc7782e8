package dev.tributary.gateway.persistence;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.support.observability.MessageTracing;
import dev.tributary.support.persistence.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Messages written in the same transaction as the registry change, waiting to be relayed to Kafka. */
@ApplicationScoped
public class OutboxRepository {
    /** Only one relay may drain the outbox at a time, so one integration's messages keep their order. */
    private static final long RELAY_LOCK = 0x7472696275L;

    @Inject
    DataSource dataSource;

    /** @param traceHeaders the trace of the request that wrote the message, for the record's headers */
    public record OutboxMessage(long id, String topic, String key, UUID messageId, String type, String payload,
                                Map<String, String> traceHeaders) {
    }

    public void append(String topic, Envelope envelope) {
        append(topic, envelope.integrationId(), envelope.messageId(), envelope.type(), EnvelopeCodec.encode(envelope));
    }

    /** Queues a record; it will carry the trace of the current span. */
    public void append(String topic, String key, UUID messageId, String type, String payload) {
        String sql = "INSERT INTO outbox (topic, message_key, message_id, message_type, payload, trace_headers)"
                + " VALUES (?, ?, ?, ?, ?, ?::jsonb)";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, topic);
            insert.setString(2, key);
            insert.setObject(3, messageId);
            insert.setString(4, type);
            insert.setString(5, payload);
            insert.setString(6, Json.write(MessageTracing.currentTraceHeaders()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot write outbox", e);
        }
    }

    /** Takes the relay lock for the current transaction; false if another relay holds it. */
    public boolean tryLockRelay() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rows = lock.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot lock outbox", e);
        }
    }

    public List<OutboxMessage> oldest(int limit) {
        String sql = "SELECT id, topic, message_key, message_id, message_type, payload, trace_headers FROM outbox"
                + " ORDER BY id LIMIT ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setInt(1, limit);
            List<OutboxMessage> messages = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    messages.add(new OutboxMessage(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getObject(4, UUID.class), rows.getString(5), rows.getString(6),
                            traceHeaders(rows.getString(7))));
                }
            }
            return messages;
        } catch (SQLException e) {
            throw new DatabaseException("cannot read outbox", e);
        }
    }

    private static Map<String, String> traceHeaders(String json) {
        Map<String, String> headers = new HashMap<>();
        if (json != null) {
            Json.read(json).fields().forEachRemaining(field -> headers.put(field.getKey(), field.getValue().asText()));
        }
        return headers;
    }

    public void delete(List<OutboxMessage> messages) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
            Array ids = connection.createArrayOf("bigint", messages.stream().map(OutboxMessage::id).toArray());
            delete.setArray(1, ids);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot delete relayed messages", e);
        }
    }

    /** Messages written but not yet relayed; a growing number means the broker is away or the relay stuck. */
    public long backlog() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM outbox");
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException("cannot count the outbox", e);
        }
    }
}
