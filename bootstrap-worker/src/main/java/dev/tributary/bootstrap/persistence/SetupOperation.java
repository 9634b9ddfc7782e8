package dev.tributary.bootstrap.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A setup operation, stored before its first step: the generated system-account password (sealed), so that a worker
 * resuming after a crash sets the same password it announced. Deleted once the operation's outcome is published.
 * Written by {@link SetupProgress} only.
 */
@Entity
@Table(name = "setup_operation")
public class SetupOperation extends PanacheEntityBase {
    @Id
    @Column(name = "operation_id")
    public UUID operationId;

    @Column(name = "integration_id", nullable = false)
    public String integrationId;

    @Column(name = "sealed_system_password", nullable = false)
    public String sealedSystemPassword;

    /** Set by the database's default. */
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
