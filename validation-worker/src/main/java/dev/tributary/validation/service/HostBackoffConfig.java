package dev.tributary.validation.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * When periodic checks of a target host stop connecting to it ({@code tributary.checks.breaker.*}): a host whose
 * connections keep failing would otherwise hold a check worker for a whole login timeout on every check.
 */
@ConfigMapping(prefix = "tributary.checks.breaker")
public interface HostBackoffConfig {

    /** Connection failures in a row (refused, timed out, unknown host; not a wrong password) that back a host off. */
    @WithDefault("3")
    int failures();

    /**
     * How long a backed-off host gets no periodic check before one is tried again; doubled after each failed try.
     * At least the gateway's {@code tributary.revalidation-interval} (1 h by default): a host with one integration is
     * checked once an interval, so a shorter period would be over before its next check, and every check a try.
     */
    @WithDefault("1h")
    Duration openFor();

    /**
     * The longest a host is left untried, however often its tries failed; a person's check
     * ({@code POST /integrations/{id}/validate}) tries it at any time.
     */
    @WithDefault("6h")
    Duration maxOpenFor();
}
