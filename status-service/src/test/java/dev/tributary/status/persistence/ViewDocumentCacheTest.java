package dev.tributary.status.persistence;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ViewDocumentCacheTest {
    private static final TopicPartition FOLDED_HERE = new TopicPartition("integration.events", 1);

    private ViewDocumentCache cache;
    private final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void foldPartitionOne() {
        cache = new ViewDocumentCache();
        cache.capacity = 100;
        cache.assigned(List.of(FOLDED_HERE));
    }

    private Optional<String> read(String id, String document) {
        return cache.document(id, () -> {
            reads.incrementAndGet();
            return Optional.of(document);
        });
    }

    @Test
    void anIntegrationFoldedHereIsReadOnceUntilItChanges() {
        cache.changed("7", 1);
        assertEquals(Optional.of("v1"), read("7", "v1"));
        assertEquals(Optional.of("v1"), read("7", "v1"));
        assertEquals(1, reads.get());

        cache.changed("7", 1);
        assertEquals(Optional.of("v2"), read("7", "v2"));
        assertEquals(Optional.of("v2"), read("7", "v2"));
        assertEquals(2, reads.get());
    }

    @Test
    void anIntegrationFoldedElsewhereOrNotYetIsAlwaysRead() {
        read("8", "v1");
        read("8", "v1");
        cache.changed("9", 2); // partition 2 belongs to another instance
        read("9", "v1");
        read("9", "v1");
        assertEquals(4, reads.get());
    }

    @Test
    void aReadThatOverlapsAChangeIsNotKept() {
        cache.changed("7", 1);
        cache.document("7", () -> {
            cache.changed("7", 1); // committed while the old document was on its way
            return Optional.of("old");
        });
        assertEquals(Optional.of("new"), read("7", "new"));
    }

    @Test
    void losingPartitionsForgetsEverything() {
        cache.changed("7", 1);
        read("7", "v1");
        cache.revoked(List.of(FOLDED_HERE));
        assertEquals(Optional.of("v2"), read("7", "v2"));
        cache.changed("7", 1); // a late commit after the partition left cannot make it cached again
        read("7", "v3");
        assertEquals(3, reads.get());
    }

    @Test
    void anAbsentIntegrationIsNotRemembered() {
        cache.changed("7", 1);
        cache.document("7", Optional::empty);
        assertEquals(Optional.of("v1"), read("7", "v1"));
    }

    @Test
    void aCapacityOfZeroKeepsNothing() {
        cache.capacity = 0;
        cache.changed("7", 1);
        read("7", "v1");
        read("7", "v1");
        assertEquals(2, reads.get());
    }
}
