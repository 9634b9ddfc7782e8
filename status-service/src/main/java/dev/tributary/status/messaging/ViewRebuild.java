package dev.tributary.status.messaging;

import dev.tributary.status.persistence.StatusViewRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rebuilds the view when the service starts with {@code tributary.view.rebuild-on-start=true}
 * ({@code ./tributary rebuild-view} does this): on the first partition assignment, before any record is
 * fetched, the view (integrations, timelines, data sources) is emptied and the consumer rewinds to the first event,
 * so the view is folded again from the whole topic. Later rebalances in the same run are left alone. Meant for one
 * status-service instance; with several, stop the others first, as they share the view.
 */
@ApplicationScoped
public class ViewRebuild {
    private static final Logger LOG = Logger.getLogger(ViewRebuild.class);

    @Inject
    StatusViewRepository view;

    @ConfigProperty(name = "tributary.view.rebuild-on-start", defaultValue = "false")
    boolean rebuildOnStart;

    private final AtomicBoolean pending = new AtomicBoolean(true);

    /** Called by {@link EventPartitions} on every assignment, before any record of it is fetched. */
    void onAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!rebuildOnStart || partitions.isEmpty() || !pending.compareAndSet(true, false)) {
            return;
        }
        view.clear();
        consumer.seekToBeginning(partitions);
        LOG.infof("rebuilding the status view: emptied it and rewound %s to the first event", partitions);
    }
}
