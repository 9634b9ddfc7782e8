package dev.tributary.bootstrap.service;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SetupStep;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.support.redshift.RedshiftTargets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs steps of {@link ManagedDatabaseSetup} (setup, edit, removal) against the target with the privileged credentials. The
 * dialect is chosen from the engine the target reports. Steps that an earlier attempt finished are not run again.
 */
@ApplicationScoped
public class ManagedDatabaseBootstrap {
    @Inject
    RedshiftTargets targets;

    /** A step failed; the message says which and why, without the SQL (which may hold a password). */
    public static class SetupFailedException extends Exception {
        private final boolean connectionLost;

        public SetupFailedException(String message, Throwable cause) {
            this(message, cause, false);
        }

        SetupFailedException(String message, Throwable cause, boolean connectionLost) {
            super(message, cause);
            this.connectionLost = connectionLost;
        }

        /** The connection to the target failed or was cut, rather than the target refusing a statement. */
        public boolean connectionLost() {
            return connectionLost;
        }
    }

    /**
     * Runs the steps {@code plan} makes for the target's dialect, skipping those in {@code finished}, and calls
     * {@code onStep} after each (including the finished ones, so their events are announced again after a crash).
     * {@code beforeEachStep} runs before each step that is carried out, and stops the run by throwing (the worker's
     * claim lost, the deadline passed). {@code mode} is the integration's database mode (null: multi-database, as
     * every integration was before modes existed).
     *
     * <p>A run whose connection failed or was cut ({@link TargetFailures#connectionLost}) starts again, after a pause,
     * from the step it was in: every step may run again, and the steps it finished are not repeated or announced twice.
     */
    public void run(Operation operation, RedshiftConfig config, DatabaseMode mode, Credentials setupCredentials,
                    Function<ManagedDatabaseSetup, List<SetupStep>> plan,
                    Map<String, StepCompleted> finished, Consumer<StepCompleted> onStep, Runnable beforeEachStep)
            throws SetupFailedException {
        Map<String, StepCompleted> done = new HashMap<>(finished);
        Set<String> announced = new HashSet<>();
        Consumer<StepCompleted> announceOnce = step -> {
            done.put(step.step(), step);
            if (announced.add(step.step())) {
                onStep.accept(step);
            }
        };
        try {
            TargetFailures.RECONNECTING.call(() -> {
                runOnce(operation, config, mode, setupCredentials, plan, done, announceOnce, beforeEachStep);
                return null;
            }, Void.class);
        } catch (SetupFailedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // runOnce throws nothing else
        }
    }

    private void runOnce(Operation operation, RedshiftConfig config, DatabaseMode mode, Credentials setupCredentials,
                         Function<ManagedDatabaseSetup, List<SetupStep>> plan,
                         Map<String, StepCompleted> finished, Consumer<StepCompleted> onStep, Runnable beforeEachStep)
            throws SetupFailedException {
        String current = "connect";
        Connection managed = null;
        try (Connection initial = targets.open(config, setupCredentials, config.initialDatabase())) {
            List<SetupStep> steps = plan.apply(new ManagedDatabaseSetup(config, SqlDialect.of(initial), mode));
            for (SetupStep step : steps) {
                current = step.name();
                StepCompleted done = finished.get(step.name());
                if (done == null) {
                    beforeEachStep.run();
                    if (step.database() == SetupStep.Target.MANAGED_DATABASE && managed == null) {
                        managed = targets.open(config, setupCredentials, config.database());
                    }
                    done = runStep(operation, step, step.database() == SetupStep.Target.INITIAL_DATABASE ? initial : managed);
                }
                onStep.accept(done);
            }
        } catch (SQLException e) {
            throw new SetupFailedException("Setup step " + current + " failed on " + config.targetDescription() + ": "
                    + e.getMessage(), e, TargetFailures.connectionLost(e));
        } finally {
            closeQuietly(managed);
        }
    }

    /**
     * Runs the steps {@code plan} makes in the managed database in one transaction, as {@code credentials}: all of
     * them take effect, or (a step failed, or {@code beforeEachStep} threw) none. Returns the finished steps, to be
     * announced once they are committed. Every step must be one that may run again, since a redelivery runs them all.
     */
    public List<StepCompleted> runInOneTransaction(Operation operation, RedshiftConfig config, Credentials credentials,
                                                   Function<ManagedDatabaseSetup, List<SetupStep>> plan,
                                                   Runnable beforeEachStep) throws SetupFailedException {
        String current = "connect";
        try (Connection managed = targets.open(config, credentials, config.database())) {
            List<SetupStep> steps = plan.apply(new ManagedDatabaseSetup(config, SqlDialect.of(managed)));
            managed.setAutoCommit(false);
            List<StepCompleted> done = new ArrayList<>();
            try {
                for (SetupStep step : steps) {
                    current = step.name();
                    beforeEachStep.run();
                    done.add(runStep(operation, step, managed));
                }
                current = "commit";
                beforeEachStep.run();
                managed.commit();
                return List.copyOf(done);
            } catch (SQLException | RuntimeException e) {
                managed.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new SetupFailedException("Step " + current + " failed on " + config.targetDescription() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Runs a step; one whose object exists already runs its {@code whenPresent} statements instead. When the object
     * appears between the check and the statement (an attempt of this operation that was still running, such as a
     * {@code CREATE DATABASE} a stopped connection had sent), the step finds it on a second look and counts as
     * already present instead of failing on "already exists".
     */
    private static StepCompleted runStep(Operation operation, SetupStep step, Connection connection) throws SQLException {
        Instant started = Instant.now();
        boolean present = step.existenceCheck() != null && returnsRow(connection, step.existenceCheck());
        try {
            execute(connection, present ? step.whenPresent() : step.statements());
        } catch (SQLException e) {
            if (present || step.existenceCheck() == null || !returnsRow(connection, step.existenceCheck())) {
                throw e;
            }
            present = true;
            execute(connection, step.whenPresent());
        }
        return new StepCompleted(operation, step.name(), started, Instant.now(),
                present ? StepCompleted.ALREADY_PRESENT : StepCompleted.DONE);
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static boolean returnsRow(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            return rows.next();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the setup's outcome is already decided
            }
        }
    }
}
