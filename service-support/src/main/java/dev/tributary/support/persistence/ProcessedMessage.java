package dev.tributary.support.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/**
 * A message a service has consumed, with the records handling it published (JSON written by
 * {@link dev.tributary.contracts.Json}); rows are written by {@link ProcessedMessages} only.
 */
@Entity
@Table(name = "processed_message")
public class ProcessedMessage {
    @Id
    @Column(name = "message_id")
    public UUID messageId;

    /** Set by the database's default. */
    @Column(name = "processed_at", insertable = false, updatable = false)
    public Instant processedAt;

    /** Null for a message recorded without outputs (the gateway's registry events). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String outputs;
}
