package dev.tributary.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.Map;
import java.util.UUID;

/**
 * One message waiting in the outbox (schema: Flyway's V1 and V5); the relay deletes it once Kafka has it. Rows are
 * appended by {@link OutboxRepository#append} in one insert statement, so the entity serves the relay's queries.
 */
@Entity
@Table(name = "outbox")
class OutboxEntry {
    /** BIGSERIAL, given by the database; its order is the relay's order. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    String topic;

    @Column(name = "message_key")
    String messageKey;

    @Column(name = "message_id")
    UUID messageId;

    @Column(name = "message_type")
    String messageType;

    String payload;

    /** The trace of the request that wrote the message (W3C traceparent, tracestate). */
    @Convert(converter = Columns.TraceHeaders.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "trace_headers")
    Map<String, String> traceHeaders;
}
