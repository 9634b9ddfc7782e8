package dev.tributary.bootstrap.persistence;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The settings of {@link StepLedgerPruning} ({@code tributary.step-ledger.*}). */
@ConfigMapping(prefix = "tributary.step-ledger")
public interface StepLedgerConfig {

    /**
     * How long the steps of a finished operation are kept after its last step, as the operation's record in this
     * service (the status-service's timeline keeps them for users); a week, for an operator looking into a failure.
     */
    @WithDefault("7d")
    Duration retention();
}
