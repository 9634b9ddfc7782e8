package dev.tributary.bootstrap.service;

import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.GovernedViews;
import dev.tributary.contracts.governance.PolicyRule;
import dev.tributary.contracts.governance.UserProfile;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.support.redshift.RedshiftTargets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies one governance change to a target in ONE transaction of its managed database, as the system account (which
 * then owns the views): a user never sees half a change, and a failure leaves what was there before (the previous
 * view, the previous entries). The statements are {@link GovernedViews}'s for the dialect the target reports.
 */
@ApplicationScoped
public class GovernanceApplier {
    private static final int ATTEMPTS = 3;
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    private static final Logger LOG = Logger.getLogger(GovernanceApplier.class);

    @Inject
    RedshiftTargets targets;

    /**
     * The change could not be applied and was rolled back; the message names the step, the object and the target, and
     * carries the engine's first line (governance SQL holds no secret, but statements stay out of messages anyway).
     */
    public static class GovernanceFailedException extends Exception {
        public GovernanceFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The statements of one change, planned inside its transaction from what the target holds at that moment. */
    private record Plan(List<String> statements, List<String> columns) {
    }

    @FunctionalInterface
    private interface Planner {
        Plan plan(Connection target, GovernedViews views) throws SQLException, GovernanceFailedException;
    }

    /**
     * Creates, replaces or drops the view of {@code change}. The table is described again inside the transaction, so
     * the view has the columns the table has now, in order; returns them (for a drop, the change's own).
     * {@code beforeEachStatement} stops the change (rolled back) by throwing: the claim lost, the deadline passed.
     */
    public List<String> applyView(RedshiftConfig config, Credentials login, GovernanceChange.View change,
                                  Runnable beforeEachStatement) throws GovernanceFailedException {
        GovernedTable table = change.table();
        String what = change.step() + " of view " + table.viewDisplayName() + " (table "
                + table.name() + ")";
        return inOneTransaction(config, login, what, "the previous view stays as it was", (target, views) -> {
            if (change.drop()) {
                return new Plan(views.dropView(table), table.columns());
            }
            beforeEachStatement.run();
            List<String> columns;
            try {
                columns = views.readColumns(target, table);
            } catch (SQLException e) {
                throw new SQLException(views.readFailure(table, table.database() != null ? table.database() : config.database(),
                        login.username(), e), e.getSQLState(), e);
            }
            GovernedTable described = new GovernedTable(table.database(), table.schema(), table.table(), columns,
                    table.viewSchema(), table.viewName());
            try {
                return new Plan(views.createView(described, change.rules()), columns);
            } catch (GovernedViews.UnknownColumnsException e) {
                // a mask on a column the table lacks would leave the real one clear: no view is made
                throw new GovernanceFailedException(what + " failed on " + where(config) + ": " + e.getMessage()
                        + ". Nothing was changed: the previous view stays as it was.", null);
            }
        }, beforeEachStatement);
    }

    /** Writes {@code profiles} (removing the rows of removed users) as the {@code write-profile} step, dated {@code at}. */
    public void writeProfiles(RedshiftConfig config, Credentials login, List<UserProfile> profiles, Instant at,
                              Runnable beforeEachStatement) throws GovernanceFailedException {
        String what = GovernanceChange.WRITE_PROFILE + " of " + profiles.stream().map(UserProfile::userName)
                .collect(Collectors.joining(", "));
        inOneTransaction(config, login, what, "the users' entries stay as they were",
                (target, views) -> new Plan(views.writeProfiles(profiles, at), List.of()), beforeEachStatement);
    }

    /**
     * Runs the planned statements in one transaction, again (up to {@value #ATTEMPTS} times in all) when the engine
     * refused it for a concurrent change of the same catalog rows: two views of one schema granting on it at once, or
     * a check that rebuilds a view in a transaction it rolls back.
     */
    private List<String> inOneTransaction(RedshiftConfig config, Credentials login, String what, String rolledBack,
                                          Planner planner, Runnable beforeEachStatement) throws GovernanceFailedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(config, login, planner, beforeEachStatement);
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && concurrentChange(e)) {
                    LOG.infof("%s met a concurrent change on %s (%s); trying again", what, where(config), firstLine(e.getMessage()));
                    pause(attempt);
                    continue;
                }
                throw new GovernanceFailedException(what + " failed on " + where(config) + ": " + firstLine(e.getMessage())
                        + ". Nothing was changed: " + rolledBack + ".", e);
            } catch (IllegalArgumentException e) {
                // a name the SQL refuses to quote, or a table in another database on an engine that cannot read it
                throw new GovernanceFailedException(what + " cannot be applied on " + where(config) + ": " + e.getMessage()
                        + ". Nothing was changed: " + rolledBack + ".", e);
            }
        }
    }

    private List<String> attempt(RedshiftConfig config, Credentials login, Planner planner, Runnable beforeEachStatement)
            throws SQLException, GovernanceFailedException {
        try (Connection target = targets.open(config, login, config.database())) {
            GovernedViews views = new GovernedViews(SqlDialect.of(target));
            target.setAutoCommit(false);
            try {
                Plan plan = planner.plan(target, views);
                try (Statement sql = target.createStatement()) {
                    for (String statement : plan.statements()) {
                        beforeEachStatement.run();
                        sql.execute(statement);
                    }
                }
                beforeEachStatement.run();
                target.commit();
                return plan.columns();
            } catch (SQLException | GovernanceFailedException | RuntimeException e) {
                rollBackQuietly(target);
                throw e;
            }
        }
    }

    /**
     * A refusal because another transaction changed the same rows at the same time: PostgreSQL's serialization
     * failure and deadlock, its "tuple concurrently updated" of catalog rows (GRANT on one schema from two sessions),
     * Redshift's "Serializable isolation violation".
     */
    private static boolean concurrentChange(SQLException refusal) {
        for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException e && ("40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState()))) {
                return true;
            }
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("concurrently updated") || message.contains("serializable isolation violation")) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis() * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to try a governance change again", e);
        }
    }

    private static String where(RedshiftConfig config) {
        return config.targetDescription() + ", database " + config.database();
    }

    /** The engine's message without the lines after the first (positions, hints, the statement's context). */
    static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    private static void rollBackQuietly(Connection target) {
        try {
            target.rollback();
        } catch (SQLException ignored) {
            // a broken connection rolls back when it closes
        }
    }
}
