package dev.tributary.support.claims;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * This instance's right to carry out one work item, from {@link WorkClaims#claim} until {@link #close()}. Work calls
 * {@link #checkBeforeStep()} before each side effect.
 */
public final class WorkClaim implements AutoCloseable {
    private final Connection session;
    private final long key;
    private final Instant deadline;
    private final Duration margin;
    private final String description;

    WorkClaim(Connection session, long key, Instant deadline, Duration margin, String description) {
        this.session = session;
        this.key = key;
        this.deadline = deadline;
        this.margin = margin;
        this.description = description;
    }

    /**
     * Throws {@link ClaimLostException} if this instance no longer holds the claim, and
     * {@link DeadlinePassedException} if the operation's deadline is too near for another step.
     */
    public void checkBeforeStep() {
        checkStillHeld();
        if (deadline != null && !Instant.now().isBefore(deadline.minus(margin))) {
            throw new DeadlinePassedException(deadline);
        }
    }

    /**
     * The last moment a step may start: the deadline less the margin, so that a worker's own waits (for a provider,
     * between retries) end before the gateway's deadline does and their outcome still counts. Null without a deadline.
     */
    public Instant lastStepStart() {
        return deadline == null ? null : deadline.minus(margin);
    }

    /**
     * Throws {@link ClaimLostException} unless the advisory lock is listed for this very session in {@code pg_locks}
     * (a new session would not hold it).
     */
    public void checkStillHeld() {
        try (PreparedStatement held = session.prepareStatement("SELECT count(*) FROM pg_catalog.pg_locks"
                + " WHERE locktype = 'advisory' AND granted AND pid = pg_catalog.pg_backend_pid()"
                + " AND classid = ? AND objid = ? AND objsubid = 1")) {
            // a bigint key is stored as its high 32 bits in classid and its low 32 bits in objid (both oid, unsigned)
            held.setLong(1, key >>> 32);
            held.setLong(2, key & 0xffffffffL);
            try (ResultSet row = held.executeQuery()) {
                row.next();
                if (row.getLong(1) == 0) {
                    throw new ClaimLostException(description + ": this instance's claim on it was lost");
                }
            }
        } catch (SQLException e) {
            throw new ClaimLostException(description + ": the session holding the claim is gone: " + e.getMessage());
        }
    }

    /**
     * Gives the claim up and the connection back to the pool; a connection whose unlock did not succeed is aborted
     * instead, so that no pooled connection goes on holding the lock.
     */
    @Override
    public void close() {
        boolean unlocked = false;
        try (PreparedStatement unlock = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, key);
            try (ResultSet row = unlock.executeQuery()) {
                unlocked = row.next() && row.getBoolean(1);
            }
        } catch (SQLException ignored) {
            // a broken session has lost the lock already; it is aborted below
        }
        try {
            if (!unlocked) {
                session.abort(Runnable::run);
            }
            session.close();
        } catch (SQLException ignored) {
            // the session is gone either way
        }
    }
}
