package dev.tributary.bootstrap.persistence;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.support.persistence.DatabaseFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What each setup operation has done so far, so a worker that died mid-way resumes at the step it died in.
 *
 * <p>Rows are only ever added, and whether one is new is decided by the database ({@code ON CONFLICT DO NOTHING},
 * which JPQL lacks, hence the native inserts): another delivery of the same work item may be writing at once.
 */
@ApplicationScoped
@Transactional
@DatabaseFailures
public class SetupProgress {
    /**
     * The operation's sealed system-account password: the one stored by an earlier attempt, or a new one from
     * {@code generate}, stored before any step uses it.
     */
    public String sealedSystemPassword(UUID operationId, String integrationId, Supplier<String> generate) {
        SetupOperation.getSession().createNativeMutationQuery("INSERT INTO setup_operation"
                        + " (operation_id, integration_id, sealed_system_password) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, operationId, UUID.class)
                .setParameter(2, integrationId, String.class)
                .setParameter(3, generate.get(), String.class)
                .executeUpdate();
        return SetupOperation.<SetupOperation>findById(operationId).sealedSystemPassword;
    }

    /**
     * Deletes the operation's sealed system-account password once its outcome is published: from then on the
     * gateway's registry is the only place that keeps it. The finished steps stay, as the operation's record.
     */
    public void forgetOperation(UUID operationId) {
        SetupOperation.delete("operationId", operationId);
    }

    /** The steps of {@code operationId} that already finished, by name. */
    public Map<String, StepCompleted> finishedSteps(UUID operationId, Operation operation) {
        return SetupStep.<SetupStep>list("operationId", operationId).stream()
                .collect(Collectors.toMap(step -> step.step, step -> step.toStepCompleted(operation)));
    }

    /** Records a finished step; false if it was recorded before (an announcement repeated after a crash). */
    public boolean recordStep(UUID operationId, StepCompleted step) {
        return SetupStep.getSession().createNativeMutationQuery("INSERT INTO setup_step"
                        + " (operation_id, step, outcome, started_at, finished_at, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                        + " ON CONFLICT DO NOTHING")
                .setParameter(1, operationId, UUID.class)
                .setParameter(2, step.step(), String.class)
                .setParameter(3, step.outcome(), String.class)
                .setParameter(4, step.startedAt(), Instant.class)
                .setParameter(5, step.finishedAt(), Instant.class)
                .setParameter(6, step.detail(), String.class) // typed, so that a null binds as text
                .executeUpdate() == 1;
    }
}
