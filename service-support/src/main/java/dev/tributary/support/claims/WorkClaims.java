package dev.tributary.support.claims;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes sure one instance at a time carries out a work item, however often Kafka delivers it.
 *
 * <p>A claim is a PostgreSQL session-level advisory lock, taken in the service's own database (which every instance
 * of the service shares) on a connection held for the whole run. A lease row with an expiry was the alternative; it
 * was not chosen because a lease runs out while its holder is paused (a long GC, a stalled node, {@code SIGSTOP}),
 * and a fencing token then stops the resumed holder only at its next step, not inside the statement it was running,
 * so two instances would still act on the target at once. The lock belongs to the holder's database session: a
 * paused process keeps it (its connection stays open), a dead one loses it as soon as the server sees the connection
 * go. A second delivery waits for it and then finds the first one's recorded outputs.
 *
 * <p>Each holder keeps one connection of the service's pool for as long as its work runs, so the pool must be larger
 * than the number of work items an instance runs at once.
 *
 * <p>The holder checks before every step that its session still holds the lock (the fencing check): a session the
 * server ended behind its back (a network partition, an idle timeout) would otherwise let a second instance in.
 */
@ApplicationScoped
public class WorkClaims {
    private static final Logger LOG = Logger.getLogger(WorkClaims.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource dataSource;

    /**
     * How long before an operation's deadline a worker stops starting steps: covers the clock difference between the
     * gateway, which ends the operation at its deadline, and this worker, and the time to announce the last step.
     */
    @ConfigProperty(name = "tributary.deadline-margin", defaultValue = "10s")
    Duration deadlineMargin;

    /**
     * Claims {@code workId} for this instance, waiting while another instance holds it, but not past
     * {@code deadline} (null for none; then {@link DeadlinePassedException}). The deadline is also checked by
     * {@link WorkClaim#checkBeforeStep()}.
     */
    public WorkClaim claim(UUID workId, Instant deadline, String description) {
        long key = workId.getMostSignificantBits() ^ workId.getLeastSignificantBits();
        Instant waitingSince = Instant.now();
        Instant reported = waitingSince;
        try {
            while (true) {
                Optional<Connection> session = tryClaim(key, description);
                if (session.isPresent()) {
                    return new WorkClaim(session.get(), key, deadline, deadlineMargin, description);
                }
                if (deadline != null && Instant.now().isAfter(deadline)) {
                    throw new DeadlinePassedException(deadline); // a holder frozen for good must not stall the partition
                }
                if (Duration.between(reported, Instant.now()).compareTo(REPORT_EVERY) >= 0) {
                    reported = Instant.now();
                    LOG.infof("%s: another instance is carrying it out; waiting for it to finish (%d s so far)",
                            description, Duration.between(waitingSince, reported).toSeconds());
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClaimLostException(description + ": interrupted while waiting for another instance");
        }
    }

    /**
     * A session holding the lock, or empty when another session holds it. A waiting delivery gives its connection
     * back between tries: only holders keep one, so waiters cannot drain the pool.
     */
    private Optional<Connection> tryClaim(long key, String description) {
        Connection session = null;
        try {
            session = dataSource.getConnection();
            session.setAutoCommit(true);
            if (tryLock(session, key)) {
                return Optional.of(session);
            }
            session.close();
            return Optional.empty();
        } catch (SQLException e) {
            close(session);
            throw new ClaimLostException(description + ": cannot claim it in the service's database: " + e.getMessage());
        }
    }

    private static boolean tryLock(Connection session, long key) throws SQLException {
        try (PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, key);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    private static void close(Connection session) {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // the claim was not taken
            }
        }
    }
}
