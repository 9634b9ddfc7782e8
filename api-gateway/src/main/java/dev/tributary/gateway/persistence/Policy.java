package dev.tributary.gateway.persistence;

import dev.tributary.contracts.governance.PolicyRule;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

/**
 * A policy and its rules (schema: Flyway's V8). The data sources it applies to are the rows of
 * {@code policy_data_source}, written by {@link PolicyRepository} with the policy; a deleted policy's row is removed.
 */
@Entity
@Table(name = "policy")
class Policy {
    /** BIGSERIAL, given by the database; policies combine on a data source in the order of their ids. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    String name;

    @Convert(converter = Columns.Rules.class)
    @JdbcTypeCode(SqlTypes.JSON)
    List<PolicyRule> rules;

    /** Raised by every replacement. */
    long revision;

    @Column(name = "created_at", insertable = false, updatable = false)
    Instant createdAt;

    @Column(name = "updated_at")
    Instant updatedAt;
}
