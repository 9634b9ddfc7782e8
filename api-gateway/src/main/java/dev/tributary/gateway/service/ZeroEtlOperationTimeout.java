package dev.tributary.gateway.service;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * The deadline of a zero-ETL integration's create, edit and delete, checked as the gateway starts: a setting out of
 * bounds stops the start with a message naming it, rather than leaving operations open for days.
 */
@Startup
@ApplicationScoped
public class ZeroEtlOperationTimeout {
    /** The most RDS is given: enough to seed a large source; an operation still open after it is lost, not slow. */
    static final Duration MAX = Duration.ofHours(8);

    /**
     * How long a zero-ETL create, edit or delete may take before it ends in its error status. RDS can take hours to
     * seed a large source, so it may be raised, to at most 8h: beyond that an operation is lost rather than slow.
     */
    @ConfigProperty(name = "tributary.zero-etl.operation-timeout", defaultValue = "60m")
    Duration operationTimeout;

    @PostConstruct
    void check() {
        checked(operationTimeout);
    }

    public Duration duration() {
        return operationTimeout;
    }

    /** {@code timeout} if it is within (0, {@link #MAX}]; otherwise the failure that stops the start. */
    static Duration checked(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX) > 0) {
            throw new IllegalStateException("tributary.zero-etl.operation-timeout is " + timeout + "; it must be above zero"
                    + " and at most " + MAX.toHours() + "h (RDS seeds even a large source within hours, and an operation"
                    + " still in flight after that is lost rather than slow). Set it to 8h or less.");
        }
        return timeout;
    }
}
