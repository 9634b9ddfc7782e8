package dev.tributary.support.persistence;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Deletes the processed-message ledger's rows older than {@code tributary.processed-messages.retention}, in batches
 * of {@code prune-batch-size}, each in a transaction of its own, every {@code prune-interval}. A row guards against a
 * redelivery of its message; once no redelivery can come, it only takes space. Several instances may prune at once:
 * each batch skips the rows another one has locked.
 *
 * <p>Only in services that have the ledger (api-gateway, validation-worker, bootstrap-worker); the status-service
 * leaves this bean out ({@code quarkus.arc.exclude-types}).
 */
@ApplicationScoped
public class ProcessedMessagePruning {
    private static final Logger LOG = Logger.getLogger(ProcessedMessagePruning.class);

    @Inject
    ProcessedMessages processed;
    @Inject
    ProcessedMessagesConfig config;

    @Scheduled(every = "${tributary.processed-messages.prune-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pruneOnSchedule() {
        try {
            long deleted = prune();
            if (deleted > 0) {
                LOG.infof("deleted %d processed-message rows older than %s", deleted, config.retention());
            }
        } catch (DatabaseException e) {
            LOG.warnf("pruning the processed-message ledger failed; the next run tries again: %s", e.getMessage());
        }
    }

    /** Deletes every row recorded before now minus the retention; how many it deleted. */
    public long prune() {
        Instant before = Instant.now().minus(config.retention());
        long total = 0;
        int deleted;
        do {
            deleted = processed.deleteRecordedBefore(before, config.pruneBatchSize());
            total += deleted;
        } while (deleted == config.pruneBatchSize());
        return total;
    }
}
