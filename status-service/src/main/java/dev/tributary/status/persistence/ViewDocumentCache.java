package dev.tributary.status.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Integrations' documents (their view with the data sources and the timeline) as last read, so that reading one
 * again needs no trip to the database. Only integrations whose events this instance folds are kept: their rows change
 * nowhere else (a data source's row changes only by an event of its integration, DataSourceChanged, so it belongs to
 * the integration's document), and the projector drops a document as soon as it has committed a change to it. An
 * integration is known to be folded here once the projector has applied one of its events from a partition this
 * instance holds; losing any partition forgets everything, since another instance may fold those integrations from
 * then on. This relies on events being keyed by integration id on a topic whose partition count stays fixed while
 * the service runs.
 */
@ApplicationScoped
public class ViewDocumentCache {
    /** One integration's place: empty until read; a change replaces the slot, so a read begun before it is lost. */
    private static final class Slot {
        volatile String document;
    }

    /**
     * How many integrations' documents one instance keeps (each holds its whole timeline); past that it forgets
     * them all and starts again. 0 turns the cache off.
     */
    @ConfigProperty(name = "tributary.view.document-cache-size", defaultValue = "10000")
    int capacity;

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Set<Integer> folded = new HashSet<>();

    /** The document of {@code id}: the kept one, or what {@code read} returns (kept if this instance folds it). */
    public Optional<String> document(String id, Supplier<Optional<String>> read) {
        Slot slot = slots.get(id);
        if (slot == null) {
            return read.get();
        }
        String kept = slot.document;
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<String> fresh = read.get();
        // if the projector changed the integration meanwhile, this slot was replaced and nobody reads it again
        fresh.ifPresent(document -> slot.document = document);
        return fresh;
    }

    /** The projector has committed a change to {@code id}, folded from {@code partition} of the events topic. */
    public synchronized void changed(String id, int partition) {
        if (capacity <= 0 || !folded.contains(partition)) {
            slots.remove(id);
            return;
        }
        if (slots.size() >= capacity) {
            slots.clear();
        }
        slots.put(id, new Slot());
    }

    public synchronized void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> folded.add(partition.partition()));
    }

    public synchronized void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> folded.remove(partition.partition()));
        slots.clear();
    }
}
