package dev.tributary.gateway.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The settings of {@link CheckScheduler} ({@code tributary.checks.*}). The interval between two periodic checks of
 * an integration stays {@code tributary.revalidation-interval}.
 */
@ConfigMapping(prefix = "tributary.checks")
public interface CheckSchedulerConfig {

    /**
     * How often each gateway instance claims the checks that are due (a duration such as {@code 10s}); {@code off}
     * stops this instance's claims (another instance's still run). A check is sent at most one tick after it is due.
     */
    String tick();

    /** At most this many integrations are claimed (and their checks queued) in one transaction. */
    @WithDefault("100")
    int batchSize();

    /**
     * Each next check is one interval on, give or take this share of the interval at random (0 to below 1), so that
     * checks stay spread over the interval instead of drifting into bursts.
     */
    @WithDefault("0.1")
    double jitter();

    /**
     * A check still unanswered after this long counts as lost (a worker that died with it, a record gone to the
     * dead-letter topic): the integration is checked again when it is next due. Until then no second check is started.
     */
    @WithDefault("15m")
    Duration inFlightTimeout();

    /**
     * The scheduler stops claiming while this many checks are in flight across the deployment (counted before each
     * batch; instances that claim at the same moment may each add one batch beyond it), so that an outage of the
     * workers or of many hosts does not pile up an unbounded backlog on integration.checks.
     */
    @WithDefault("1000")
    int maxInFlight();
}
