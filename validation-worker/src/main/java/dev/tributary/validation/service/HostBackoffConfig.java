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

    /** How long a backed-off host gets no periodic check before one is tried again; doubled after each failed try. */
    @WithDefault("1m")
    Duration openFor();

    /** The longest a host is left untried, however often its tries failed. */
    @WithDefault("30m")
    Duration maxOpenFor();
}
