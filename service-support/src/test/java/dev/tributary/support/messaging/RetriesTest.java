package dev.tributary.support.messaging;

import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.contracts.secrets.SecretSealer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetriesTest {
    @Test
    void workThatFailsForAMomentIsRetriedUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        String result = Retries.withBackoff("test work", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("database briefly away");
            }
            return "done";
        });

        assertEquals("done", result);
        assertEquals(3, attempts.get());
    }

    @Test
    void aMalformedMessageFailsAtOnceWithItsOwnException() {
        AtomicInteger attempts = new AtomicInteger();
        MalformedMessageException malformed = new MalformedMessageException("no payload");

        MalformedMessageException thrown = assertThrows(MalformedMessageException.class,
                () -> Retries.withBackoff("test work", () -> {
                    attempts.incrementAndGet();
                    throw malformed;
                }));

        assertSame(malformed, thrown);
        assertEquals(1, attempts.get());
    }

    @Test
    void aSealedValueThatCannotBeOpenedFailsAtOnce() {
        AtomicInteger attempts = new AtomicInteger();

        assertThrows(SecretSealer.SealingException.class, () -> Retries.withBackoff("test work", () -> {
            attempts.incrementAndGet();
            throw new SecretSealer.SealingException("unknown key id");
        }));

        assertEquals(1, attempts.get());
    }

    @Test
    void pausesDoubleFrom200MillisecondsUpTo30Seconds() {
        assertEquals(Duration.ofMillis(200), Retries.pauseAfter(1));
        assertEquals(Duration.ofMillis(400), Retries.pauseAfter(2));
        assertEquals(Duration.ofMillis(25_600), Retries.pauseAfter(8));
        assertEquals(Duration.ofSeconds(30), Retries.pauseAfter(9));
        assertEquals(Duration.ofSeconds(30), Retries.pauseAfter(Retries.ATTEMPTS - 1));
    }
}
