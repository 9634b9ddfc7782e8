package dev.tributary.status.persistence;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewDocumentCacheTest {
    private static final TopicPartition FOLDED_HERE = new TopicPartition("integration.events", 1);

    private ViewDocumentCache cache;
    private final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void foldPartitionOne() {
        cache = new ViewDocumentCache(1_000_000);
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
    void aBoundOfZeroBytesKeepsNothing() {
        cache = new ViewDocumentCache(0);
        cache.assigned(List.of(FOLDED_HERE));
        cache.changed("7", 1);
        read("7", "v1");
        read("7", "v1");
        assertEquals(2, reads.get());
    }

    /** Ten documents of 1,000 bytes do not fit in 4,000: some are dropped and read again, and the kept ones fit. */
    @Test
    void documentsPastTheByteBoundAreDroppedUntilTheRestFit() {
        long bound = 4_000;
        cache = new ViewDocumentCache(bound);
        cache.assigned(List.of(FOLDED_HERE));
        String document = "{\"id\": \"" + "x".repeat(990) + "\"}";
        assertEquals(1_000, ViewDocumentCache.utf8Length(document));
        for (int i = 0; i < 10; i++) {
            cache.changed(Integer.toString(i), 1);
            read(Integer.toString(i), document);
        }
        assertTrue(cache.weight() <= bound, "kept " + cache.weight() + " bytes");
        int before = reads.get();
        for (int i = 0; i < 10; i++) {
            read(Integer.toString(i), document);
        }
        int readAgain = reads.get() - before;
        // each entry weighs its 1,000 bytes and its overhead: three fit
        assertTrue(readAgain >= 7, "at most 3 documents fit in " + bound + " bytes; read again: " + readAgain);
        assertTrue(readAgain < 10, "the bound keeps what fits, it does not drop everything");
    }

    @Test
    void aDocumentIsWeighedByItsUtf8Bytes() {
        assertEquals(3, ViewDocumentCache.utf8Length("abc"));
        assertEquals(2 + 3 + 4, ViewDocumentCache.utf8Length("é€\uD83D\uDE00"));
        assertEquals(ViewDocumentCache.utf8Length("né€\uD83D\uDE00"), "né€\uD83D\uDE00".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
