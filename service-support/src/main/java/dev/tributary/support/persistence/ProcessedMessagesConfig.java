package dev.tributary.support.persistence;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The settings of {@link ProcessedMessagePruning} ({@code tributary.processed-messages.*}). Each service sets its own
 * retention in its application.properties, with the reason: the ledger must outlive every redelivery of what it
 * guards, and no longer.
 */
@ConfigMapping(prefix = "tributary.processed-messages")
public interface ProcessedMessagesConfig {

    /**
     * How long a consumed message's id (with the records its handling published) is kept, so that a redelivery is
     * recognised; older rows are deleted. The default is the longest any service needs: Kafka keeps a group's committed
     * offsets 7 days (offsets.retention.minutes), plus a day.
     */
    @WithDefault("8d")
    Duration retention();

    /** How often old rows are deleted (a duration such as 10m); off stops it. */
    @WithDefault("10m")
    String pruneInterval();

    /** How many rows one transaction of the pruning deletes, so that it never holds many locks for long. */
    @WithDefault("1000")
    int pruneBatchSize();
}
