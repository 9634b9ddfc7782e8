package dev.tributary.support.messaging;

import dev.tributary.contracts.messaging.MalformedMessageException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries a consumer's work through passing failures (a database or broker briefly away) with growing pauses, so a
 * good message is not dead-lettered for them. A malformed message fails at once; so does anything still failing
 * after about ten minutes, which then goes to the dead-letter topic with its reason.
 */
public final class Retries {
    private static final Logger LOG = Logger.getLogger(Retries.class);
    private static final int ATTEMPTS = 25;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private Retries() {
    }

    public static <T> T withBackoff(String what, Supplier<T> work) {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (MalformedMessageException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("%s failed (attempt %d of %d), retrying in %d ms: %s%s", what, attempt, ATTEMPTS, pause.toMillis(),
                        e.getMessage(), e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    public static void withBackoff(String what, Runnable work) {
        withBackoff(what, () -> {
            work.run();
            return null;
        });
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}
