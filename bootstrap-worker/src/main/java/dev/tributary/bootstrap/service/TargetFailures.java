package dev.tributary.bootstrap.service;

import dev.tributary.bootstrap.service.ManagedDatabaseBootstrap.SetupFailedException;
import io.smallrye.faulttolerance.api.Guard;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * Which failures of a target are its connection going away rather than an answer, and how a setup run rides them
 * out. A cluster restarting, a leader node failing over, a connection cut by an administrator or a pause of this
 * process longer than the target's patience all end the connection mid-way; the operation has been validated and its
 * steps may run again, so it reconnects instead of failing the user's create over a blip.
 */
final class TargetFailures {
    private static final Logger LOG = Logger.getLogger(TargetFailures.class);

    /**
     * SQLStates of a lost or refused connection: class 08 (connection exception, also the driver's I/O errors and
     * its "The connection attempt failed"), too many connections, and the server shutting down or starting up.
     */
    private static final Set<String> CONNECTION_STATES = Set.of("53300", "57P01", "57P02", "57P03");

    /*
     * Four attempts, pauses of 1, 2 and 4 s: long enough for a connection slot to free up or a failover to finish,
     * short beside an operation's deadline, which each step checks before it starts (so no retry outlives it).
     */
    static final Guard RECONNECTING = Guard.create()
            .withRetry()
                .maxRetries(3)
                .delay(1, ChronoUnit.SECONDS)
                .jitter(200, ChronoUnit.MILLIS)
                .maxDuration(0, ChronoUnit.MILLIS)
                .whenException(failure -> failure instanceof SetupFailedException setup && setup.connectionLost())
                .beforeRetry(failure -> LOG.warnf("%s (connecting again)", failure.getMessage()))
                .withExponentialBackoff()
                    .factor(2)
                    .maxDelay(4, ChronoUnit.SECONDS)
                    .done()
                .done()
            .build();

    private TargetFailures() {
    }

    static boolean connectionLost(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || CONNECTION_STATES.contains(state);
    }
}
