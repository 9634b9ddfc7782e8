package dev.tributary.bootstrap.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/**
 * The revision of one governed object (a view: {@code view:<dataSourceId>}; a user's entry: {@code user:<name>}) last
 * applied to an integration's target. Written by {@link GovernanceRevisions} only.
 */
@Entity
@Table(name = "governance_revision")
@IdClass(GovernanceRevision.Key.class)
public class GovernanceRevision extends PanacheEntityBase {
    @Id
    @Column(name = "integration_id")
    public String integrationId;

    @Id
    @Column(name = "object_key")
    public String objectKey;

    @Column(nullable = false)
    public long revision;

    @Column(name = "applied_at", nullable = false)
    public Instant appliedAt;

    /** The primary key: one row per object of an integration. */
    public record Key(String integrationId, String objectKey) implements Serializable {
    }
}
