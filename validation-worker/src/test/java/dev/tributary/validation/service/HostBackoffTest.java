package dev.tributary.validation.service;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-host breaker's rules, on a clock the test moves. */
class HostBackoffTest {
    private static final String HOST = "cluster.example:5439";

    private final MovingClock clock = new MovingClock();
    private final HostBackoff backoff = new HostBackoff(new HostBackoffConfig() {
        @Override
        public int failures() {
            return 3;
        }

        @Override
        public Duration openFor() {
            return Duration.ofMinutes(1);
        }

        @Override
        public Duration maxOpenFor() {
            return Duration.ofMinutes(3);
        }
    }, clock);

    private boolean connects(boolean asked) {
        try (HostBackoff.Attempt attempt = backoff.attempt(HOST, asked)) {
            return attempt.notTried().isEmpty();
        }
    }

    private void fail(String error) {
        try (HostBackoff.Attempt attempt = backoff.attempt(HOST, false)) {
            assertTrue(attempt.notTried().isEmpty(), "a check that is let through");
            attempt.unreachable(error);
        }
    }

    private void failThreeTimes() {
        fail("Could not connect to cluster.example:5439: Connection refused.");
        fail("Could not connect to cluster.example:5439: Connection refused.");
        fail("Could not connect to cluster.example:5439: Connection refused.\nsecond line");
    }

    @Test
    void aHostIsBackedOffAfterThreeFailuresInARowWithAMessageThatStaysTheSame() {
        fail("Could not connect to cluster.example:5439: Connection refused.");
        fail("Could not connect to cluster.example:5439: Connection refused.");
        assertTrue(connects(false), "two failures are not yet enough");
        fail("Could not connect to cluster.example:5439: Connection refused.\nsecond line");
        String first;
        try (HostBackoff.Attempt attempt = backoff.attempt(HOST, false)) {
            first = attempt.notTried().orElseThrow();
        }
        clock.advance(Duration.ofSeconds(30));
        try (HostBackoff.Attempt attempt = backoff.attempt(HOST, false)) {
            assertEquals(first, attempt.notTried().orElseThrow());
        }
        assertEquals("Not tried: connections to cluster.example:5439 have failed 3 times in a row (last: Could not connect"
                + " to cluster.example:5439: Connection refused.); checks of this host are backed off and resume by"
                + " themselves once one gets through.", first);
        assertEquals(1, backoff.backedOffHosts());
    }

    @Test
    void aHostThatAnsweredIsNoLongerCountedAgainst() {
        fail("refused");
        fail("refused");
        try (HostBackoff.Attempt attempt = backoff.attempt(HOST, false)) {
            attempt.reached(); // a wrong password, say: the host answered
        }
        fail("refused");
        fail("refused");
        assertTrue(connects(false), "the count started again");
    }

    @Test
    void onceItsTimeIsUpOneCheckIsTriedAndAFailedTryDoublesTheTimeUpToTheLongest() {
        failThreeTimes();
        clock.advance(Duration.ofSeconds(61));
        try (HostBackoff.Attempt trial = backoff.attempt(HOST, false)) {
            assertTrue(trial.notTried().isEmpty(), "the trial connects");
            assertFalse(connects(false), "only one trial at a time");
            trial.unreachable("refused again");
        }
        clock.advance(Duration.ofSeconds(119));
        assertFalse(connects(false), "open for two minutes after the failed trial");
        clock.advance(Duration.ofSeconds(2));
        fail("refused a third time"); // the second trial
        clock.advance(Duration.ofSeconds(179));
        assertFalse(connects(false), "three minutes at most, not four");
        clock.advance(Duration.ofSeconds(2));
        try (HostBackoff.Attempt trial = backoff.attempt(HOST, false)) {
            assertTrue(trial.notTried().isEmpty());
            trial.reached();
        }
        assertTrue(connects(false), "a success closes it");
        assertEquals(0, backoff.backedOffHosts());
    }

    @Test
    void aTrialThatEndedWithoutAnOutcomeGivesItsTurnBack() {
        failThreeTimes();
        clock.advance(Duration.ofSeconds(61));
        try (HostBackoff.Attempt trial = backoff.attempt(HOST, false)) {
            assertTrue(trial.notTried().isEmpty());
            // the check failed for another reason (its credentials did not open) before it connected
        }
        assertTrue(connects(false), "the next check is the trial");
    }

    @Test
    void anAskedForCheckConnectsWhileTheHostIsBackedOffAndItsSuccessClosesIt() {
        failThreeTimes();
        try (HostBackoff.Attempt asked = backoff.attempt(HOST, true)) {
            assertTrue(asked.notTried().isEmpty());
            asked.reached();
        }
        assertTrue(connects(false));
    }

    @Test
    void aHostNoCheckComesForIsForgottenWhileOneStillCheckedIsKept() {
        String stillChecked = "other.example:5439";
        failThreeTimes(); // HOST: its integration is then deleted, so no check comes for it again
        try (HostBackoff.Attempt attempt = backoff.attempt(stillChecked, false)) {
            attempt.unreachable("Could not connect to other.example:5439: Connection refused.");
        }
        for (int hour = 0; hour < 7; hour++) {
            clock.advance(Duration.ofHours(1));
            backoff.attempt(stillChecked, false).close(); // the hourly check, let through or answered at once
        }
        backoff.forgetHostsNoLongerChecked();
        assertEquals(1, backoff.knownHosts(), "only the host still checked is on record");
        assertEquals(0, backoff.backedOffHosts(), "the forgotten host no longer counts as backed off");
        assertTrue(connects(false), "a forgotten host starts afresh");
    }

    /** A clock the test moves on. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
