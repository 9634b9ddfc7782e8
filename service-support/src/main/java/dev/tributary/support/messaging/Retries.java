package dev.tributary.support.messaging;

import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.contracts.secrets.SecretSealer;
import io.smallrye.faulttolerance.api.Guard;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * Retries a consumer's work through passing failures (a database or broker briefly away) with growing pauses, so a
 * good message is not dead-lettered for them. A malformed message or a sealed value that cannot be opened fails at
 * once; so does anything still failing after about ten minutes, which then goes to the dead-letter topic with its
 * reason.
 *
 * <p>The retrying is SmallRye Fault Tolerance's, through its programmatic {@link Guard}: the callers are lambdas in
 * consumers of several services (some static), which a {@code @Retry} interceptor cannot reach.
 */
public final class Retries {
    private static final Logger LOG = Logger.getLogger(Retries.class);
    static final int ATTEMPTS = 25;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);
    /** Failures that the same message would meet again however long it waits. */
    private static final List<Class<? extends Throwable>> NOT_PASSING =
            List.of(MalformedMessageException.class, SecretSealer.SealingException.class);

    /*
     * 25 attempts, pauses of 200 ms doubling up to 30 s: about nine minutes of failures. No jitter, and no limit on
     * the total duration (the default is 3 min), which would also count the work itself: a zero-ETL setup follows
     * RDS until its operation's deadline (up to 8 hours) inside one attempt.
     */
    private static final Guard PASSING_FAILURES = Guard.create()
            .withRetry()
                .maxRetries(ATTEMPTS - 1)
                .delay(FIRST_PAUSE.toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .maxDuration(0, ChronoUnit.MILLIS)
                .abortOn(NOT_PASSING)
                .withExponentialBackoff()
                    .factor(2)
                    .maxDelay(LONGEST_PAUSE.toMillis(), ChronoUnit.MILLIS)
                    .done()
                .done()
            .build();

    private Retries() {
    }

    @SuppressWarnings("unchecked")
    public static <T> T withBackoff(String what, Supplier<T> work) {
        Attempts attempts = new Attempts(what);
        Supplier<Object> attempt = () -> attempts.run(work);
        return (T) PASSING_FAILURES.get(attempt, Object.class);
    }

    public static void withBackoff(String what, Runnable work) {
        withBackoff(what, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Counts one call's attempts, to log each failure that will be retried with its number and pause (the guard's
     * {@code beforeRetry} sees only the failure, not which call or attempt it ended).
     */
    private static final class Attempts {
        private final String what;
        private int made;

        Attempts(String what) {
            this.what = what;
        }

        <T> T run(Supplier<T> work) {
            made++;
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (made < ATTEMPTS && NOT_PASSING.stream().noneMatch(type -> type.isInstance(e))) {
                    LOG.warnf("%s failed (attempt %d of %d), retrying in %d ms: %s%s", what, made, ATTEMPTS,
                            pauseAfter(made).toMillis(), e.getMessage(),
                            e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")");
                }
                throw e;
            }
        }
    }

    /** The guard's pause after attempt {@code made}: the first pause, doubled after each attempt, at most the longest. */
    static Duration pauseAfter(int made) {
        Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(made - 1, 20));
        return pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
    }
}
