package dev.tributary.status.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Integrations' documents (their view with the data sources and the latest timeline entries) as last read, so that
 * reading one again needs no trip to the database. Only integrations whose events this instance folds are kept: their
 * rows change nowhere else (a data source's row changes only by an event of its integration, DataSourceChanged, so it
 * belongs to the integration's document), and the projector drops a document as soon as it has committed a change to
 * it. An integration is known to be folded here once the projector has applied one of its events from a partition
 * this instance holds; losing any partition forgets everything, since another instance may fold those integrations
 * from then on. This relies on events being keyed by integration id on a topic whose partition count stays fixed
 * while the service runs.
 * <p>
 * The bound is in bytes ({@code tributary.view-cache.max-bytes}): documents differ in size by far more than their
 * number says. Caffeine directly rather than Quarkus's cache: the cache extension configures a cache by entry count
 * and expiry only (no weigher, no maximum weight), and a document here is dropped by the projector's commit and
 * filled by a read that must lose when a change overtakes it, which its annotations do not express.
 */
@ApplicationScoped
public class ViewDocumentCache {
    /**
     * What an entry costs beyond its document's bytes (its key, slot and the cache's node), so that the many integrations
     * changed but not read since (empty slots) count against the bound too.
     */
    static final int ENTRY_OVERHEAD = 128;

    /**
     * One integration's place: empty until read; a change replaces the slot, so a read begun before it is lost. Compared
     * by identity, so a read can fill only the slot it began with.
     */
    private static final class Slot {
        final String document;
        final int weight;

        Slot(String document) {
            this.document = document;
            this.weight = ENTRY_OVERHEAD + (document == null ? 0 : utf8Length(document));
        }
    }

    private final Cache<String, Slot> slots;
    private final boolean enabled;
    private final Set<Integer> folded = new HashSet<>();

    @Inject
    public ViewDocumentCache(ViewCacheConfig config) {
        this(config.maxBytes().asLongValue());
    }

    ViewDocumentCache(long maxBytes) {
        enabled = maxBytes > 0;
        slots = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((String id, Slot slot) -> slot.weight)
                // eviction runs on the thread that wrote, at once: the bound holds after every change, and no pool is needed
                .executor(Runnable::run)
                .build();
    }

    /** The document of {@code id}: the kept one, or what {@code read} returns (kept if this instance folds it). */
    public Optional<String> document(String id, Supplier<Optional<String>> read) {
        Slot slot = slots.getIfPresent(id);
        if (slot == null) {
            return read.get();
        }
        if (slot.document != null) {
            return Optional.of(slot.document);
        }
        Optional<String> fresh = read.get();
        // if the projector changed the integration meanwhile, the slot was replaced and this one is not filled
        fresh.ifPresent(document -> slots.asMap().replace(id, slot, new Slot(document)));
        return fresh;
    }

    /** The projector has committed a change to {@code id}, folded from {@code partition} of the events topic. */
    public synchronized void changed(String id, int partition) {
        if (!enabled || !folded.contains(partition)) {
            slots.invalidate(id);
            return;
        }
        slots.put(id, new Slot(null));
    }

    public synchronized void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> folded.add(partition.partition()));
    }

    public synchronized void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> folded.remove(partition.partition()));
        slots.invalidateAll();
    }

    /** The bytes the kept entries count for, at most {@code tributary.view-cache.max-bytes}. */
    long weight() {
        slots.cleanUp();
        return slots.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** The bytes of a document as the API sends it (UTF-8), without encoding it. */
    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
