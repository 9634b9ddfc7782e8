package dev.tributary.bootstrap.persistence;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.StepCompleted;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A step of a setup operation that finished; a resumed operation skips it. Written by {@link SetupProgress} only. */
@Entity
@Table(name = "setup_step")
@IdClass(SetupStep.Key.class)
public class SetupStep extends PanacheEntityBase {
    @Id
    @Column(name = "operation_id")
    public UUID operationId;

    @Id
    public String step;

    @Column(nullable = false)
    public String outcome;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at", nullable = false)
    public Instant finishedAt;

    /** What the step produced or why it was skipped (a zero-ETL integration's ARN, for one). */
    public String detail;

    /** The work item whose handling recorded it (its message id); null for steps recorded before V7. */
    @Column(name = "work_id")
    public UUID workId;

    /** The step as it was announced, part of {@code operation}. */
    public StepCompleted toStepCompleted(Operation operation) {
        return new StepCompleted(operation, step, startedAt, finishedAt, outcome, detail);
    }

    /** The primary key: one row per step of an operation. */
    public record Key(UUID operationId, String step) implements Serializable {
    }
}
