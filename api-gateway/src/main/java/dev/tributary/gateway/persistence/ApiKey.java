package dev.tributary.gateway.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** An API key by the hash of its value (schema: Flyway's V1 and V2); the value itself is never stored. */
@Entity
@Table(name = "api_key")
class ApiKey {
    /** The table's key, and what other services know a key by. */
    @Id
    @Column(name = "key_hash")
    String keyHash;

    /** {@code GENERATED ALWAYS AS IDENTITY}: only the database writes it, and the insert reads it back; keys are listed and revoked by it. */
    @Generated
    Long id;

    String name;

    @JdbcTypeCode(SqlTypes.ARRAY)
    String[] permissions;

    @Generated
    @Column(name = "created_at")
    Instant createdAt;
}
