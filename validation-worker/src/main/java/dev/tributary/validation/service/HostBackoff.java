package dev.tributary.validation.service;

import dev.tributary.contracts.payload.RedshiftConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A circuit breaker per target host:port for the periodic checks, in memory (each instance learns on its own). After
 * {@link HostBackoffConfig#failures()} connection failures in a row a periodic check of the host is answered at once,
 * without connecting, for {@link HostBackoffConfig#openFor()}; then one check is let through (half-open): if it
 * connects the breaker closes, if not the host stays backed off twice as long, up to
 * {@link HostBackoffConfig#maxOpenFor()}. A check a person asked for always connects, and its outcome counts too.
 *
 * <p>Written by hand, not with SmallRye Fault Tolerance: {@code @CircuitBreaker} keeps one breaker per method, not
 * per key, and its programmatic guards ({@code TypedGuard}), though one could be kept per host, open on a failure
 * ratio over a rolling window of calls that throw, for a fixed delay. Here the failure is a check's outcome, not an
 * exception (a wrong password is a result, not a failure of the host), the time open doubles, and an asked-for check
 * must bypass the breaker while its outcome still closes it.
 */
@ApplicationScoped
public class HostBackoff {

    /**
     * One host's record: failures in a row, while it is backed off until when and whether a trial is out, and when a
     * check last came for it.
     */
    private record Host(int failures, String lastError, Instant openUntil, Duration openFor, boolean trialOut,
                        Instant lastCheckedAt) {
        boolean open() {
            return openUntil != null;
        }

        Host checkedAt(Instant now) {
            return new Host(failures, lastError, openUntil, openFor, trialOut, now);
        }

        Host withTrialOut(boolean out) {
            return new Host(failures, lastError, openUntil, openFor, out, lastCheckedAt);
        }
    }

    private final HostBackoffConfig config;
    private final Clock clock;
    private final ConcurrentMap<String, Host> hosts = new ConcurrentHashMap<>();

    @Inject
    public HostBackoff(HostBackoffConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** The key of a target: host (regardless of case) and port. */
    public static String hostOf(RedshiftConfig target) {
        return target.host().toLowerCase(Locale.ROOT) + ":" + target.port();
    }

    /**
     * One check's go at {@code host}. {@code asked}: a person asked for it, so it connects even while the host is
     * backed off. Close it once the check is done (a trial that ended without an outcome gives its turn back).
     */
    public Attempt attempt(String host, boolean asked) {
        boolean[] trial = {false};
        Instant now = clock.instant();
        Host state = hosts.computeIfPresent(host, (key, current) -> {
            if (!current.open() || asked || now.isBefore(current.openUntil()) || current.trialOut()) {
                return current.checkedAt(now);
            }
            trial[0] = true;
            return current.withTrialOut(true).checkedAt(now);
        });
        boolean backedOff = state != null && state.open() && !asked && !trial[0];
        return new Attempt(host, trial[0], backedOff ? Optional.of(notTried(host, state)) : Optional.empty());
    }

    /**
     * Forgets hosts that no check has come for in twice the longest time open: their integrations were deleted or
     * moved, so the records would only pile up. A host still checked is seen every check interval.
     */
    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetHostsNoLongerChecked() {
        Instant before = clock.instant().minus(config.maxOpenFor().multipliedBy(2));
        hosts.values().removeIf(host -> host.lastCheckedAt().isBefore(before));
    }

    /** Hosts with failures on record, backed off or not. */
    int knownHosts() {
        return hosts.size();
    }

    /** Hosts whose periodic checks are backed off now. */
    public int backedOffHosts() {
        return (int) hosts.values().stream().filter(Host::open).count();
    }

    /** The same words from one answer to the next while nothing changes, so the status view records it once. */
    private String notTried(String host, Host state) {
        return "Not tried: connections to " + host + " have failed " + config.failures() + " times in a row (last: "
                + state.lastError().lines().findFirst().orElse("") + "); checks of this host are backed off and resume"
                + " by themselves once one gets through.";
    }

    private void failed(String host, String error, boolean trial) {
        Instant now = clock.instant();
        hosts.compute(host, (key, current) -> {
            int failures = current == null ? 1 : current.failures() + 1;
            if (current != null && current.open()) {
                // a failed trial doubles the time open; an asked-for check that failed leaves it as it was
                Duration openFor = trial ? min(current.openFor().multipliedBy(2), config.maxOpenFor()) : current.openFor();
                Instant until = trial ? now.plus(openFor) : current.openUntil();
                return new Host(failures, error, until, openFor, trial ? false : current.trialOut(), now);
            }
            Duration openFor = min(config.openFor(), config.maxOpenFor());
            return failures >= config.failures() ? new Host(failures, error, now.plus(openFor), openFor, false, now)
                    : new Host(failures, error, null, null, false, now);
        });
    }

    private void giveBack(String host) {
        hosts.computeIfPresent(host, (key, current) -> current.trialOut() ? current.withTrialOut(false) : current);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One check's go at a host: either it is not to connect ({@link #notTried()}), or it reports how it went. */
    public final class Attempt implements AutoCloseable {
        private final String host;
        private final boolean trial;
        private final Optional<String> notTried;
        private boolean reported;

        private Attempt(String host, boolean trial, Optional<String> notTried) {
            this.host = host;
            this.trial = trial;
            this.notTried = notTried;
        }

        /** The answer to give instead of connecting, while the host is backed off. */
        public Optional<String> notTried() {
            return notTried;
        }

        /** The host answered (whatever the check found, a refused login included): its failures in a row end. */
        public void reached() {
            reported = true;
            hosts.remove(host);
        }

        /** The connection did not reach the host; {@code error} says how it failed. */
        public void unreachable(String error) {
            reported = true;
            failed(host, error, trial);
        }

        @Override
        public void close() {
            if (trial && !reported) {
                giveBack(host);
            }
        }
    }
}
