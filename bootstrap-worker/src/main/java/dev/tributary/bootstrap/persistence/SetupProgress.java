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

    /**
     * Records a finished step of the work item {@code workId}; false if it was recorded before (an announcement
     * repeated after a crash).
     */
    public boolean recordStep(UUID operationId, UUID workId, StepCompleted step) {
        return SetupStep.getSession().createNativeMutationQuery("INSERT INTO setup_step"
                        + " (operation_id, step, outcome, started_at, finished_at, detail, work_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                        + " ON CONFLICT DO NOTHING")
                .setParameter(1, operationId, UUID.class)
                .setParameter(2, step.step(), String.class)
                .setParameter(3, step.outcome(), String.class)
                .setParameter(4, step.startedAt(), Instant.class)
                .setParameter(5, step.finishedAt(), Instant.class)
                .setParameter(6, step.detail(), String.class) // typed, so that a null binds as text
                .setParameter(7, workId, UUID.class)
                .executeUpdate() == 1;
    }

    /**
     * Deletes the steps of up to {@code limit} finished operations whose last step ended before {@code endedBefore};
     * how many step rows it deleted.
     *
     * <p>Finished means no delivery of its work item will read the steps again, which holds once either
     * <ul>
     * <li>the work item's outcome is recorded in processed_message (the handler records it before publishing it; from
     * then on every delivery republishes that record and never looks at the steps), or</li>
     * <li>its first step started before {@code redeliverableSince}: the work item was on integration.bootstrap before
     * then, and that is longer ago than any record stays there (the processed-message retention, which is longer than
     * the topic's). This covers a work item given up to the dead-letter topic, or whose worker died and whose record
     * was never delivered again, and the steps recorded before V7, which name no work item.</li>
     * </ul>
     * Until then the steps are kept, however old: a worker resuming the work item skips them, and one that finds the
     * deadline passed undoes what they made. Native: JPQL has no CTE, no limit in a sub-select and no bool_or.
     */
    public int deleteStepsOfFinishedOperations(Instant endedBefore, Instant redeliverableSince, int limit) {
        return SetupStep.getSession().createNativeMutationQuery("WITH candidate AS ("
                        + "  SELECT DISTINCT operation_id FROM setup_step WHERE finished_at < ?1),"
                        + " finished AS ("
                        + "  SELECT s.operation_id FROM setup_step s JOIN candidate c ON c.operation_id = s.operation_id"
                        + "  LEFT JOIN processed_message p ON p.message_id = s.work_id"
                        + "  GROUP BY s.operation_id"
                        + "  HAVING max(s.finished_at) < ?1 AND (bool_or(p.message_id IS NOT NULL) OR min(s.started_at) < ?2)"
                        + "  LIMIT ?3)"
                        + " DELETE FROM setup_step WHERE operation_id IN (SELECT operation_id FROM finished)")
                .setParameter(1, endedBefore, Instant.class)
                .setParameter(2, redeliverableSince, Instant.class)
                .setParameter(3, limit, Integer.class)
                .executeUpdate();
    }

    /**
     * Deletes the sealed passwords of creates begun before {@code redeliverableSince}: normally deleted when the outcome
     * is published ({@link #forgetOperation}), one is left only by a worker that died, and after that time no delivery
     * can resume its create.
     */
    public int forgetOperationsBegunBefore(Instant redeliverableSince) {
        return (int) SetupOperation.delete("createdAt < ?1", redeliverableSince);
    }
}
