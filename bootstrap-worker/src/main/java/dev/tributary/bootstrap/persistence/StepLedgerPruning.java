package dev.tributary.bootstrap.persistence;

import dev.tributary.support.persistence.DatabaseException;
import dev.tributary.support.persistence.ProcessedMessagesConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Keeps the step ledger from growing without end: the steps of finished operations (see
 * {@link SetupProgress#deleteStepsOfFinishedOperations} for what finished means) whose last step is older than
 * {@code tributary.step-ledger.retention}, and the sealed passwords of creates no delivery can resume any more. Runs on
 * the processed-message ledger's schedule and batch size, since "no delivery can come any more" is that ledger's
 * retention too. The governance revision ledger is not pruned: it holds one row per governed object, not per change,
 * and forgetting a revision would let an older change apply again.
 */
@ApplicationScoped
public class StepLedgerPruning {
    private static final Logger LOG = Logger.getLogger(StepLedgerPruning.class);

    @Inject
    SetupProgress progress;
    @Inject
    StepLedgerConfig config;
    @Inject
    ProcessedMessagesConfig ledger;

    @Scheduled(every = "${tributary.processed-messages.prune-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneOnSchedule() {
        try {
            long deleted = prune();
            if (deleted > 0) {
                LOG.infof("deleted %d rows of finished operations from the step ledger", deleted);
            }
        } catch (DatabaseException e) {
            LOG.warnf("pruning the step ledger failed; the next run tries again: %s", e.getMessage());
        }
    }

    /** One pruning, a batch of operations per transaction; how many rows it deleted. */
    public long prune() {
        Instant now = Instant.now();
        Instant endedBefore = now.minus(config.retention());
        Instant redeliverableSince = now.minus(ledger.retention());
        long total = progress.forgetOperationsBegunBefore(redeliverableSince);
        int deleted;
        do {
            deleted = progress.deleteStepsOfFinishedOperations(endedBefore, redeliverableSince, ledger.pruneBatchSize());
            total += deleted;
        } while (deleted > 0);
        return total;
    }
}
