package dev.tributary.bootstrap.persistence;

import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.support.persistence.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** What each setup operation has done so far, so a worker that died mid-way resumes at the step it died in. */
@ApplicationScoped
public class SetupProgress {
    @Inject
    DataSource dataSource;

    /**
     * The operation's sealed system-account password: the one stored by an earlier attempt, or a new one from
     * {@code generate}, stored before any step uses it.
     */
    public String sealedSystemPassword(UUID operationId, String integrationId, Supplier<String> generate) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO setup_operation"
                    + " (operation_id, integration_id, sealed_system_password) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setObject(1, operationId);
                insert.setString(2, integrationId);
                insert.setString(3, generate.get());
                insert.executeUpdate();
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT sealed_system_password FROM setup_operation WHERE operation_id = ?")) {
                query.setObject(1, operationId);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot store the setup operation", e);
        }
    }

    /** The steps of {@code operationId} that already finished, by name. */
    public Map<String, StepCompleted> finishedSteps(UUID operationId, Operation operation) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT step, outcome, started_at, finished_at, detail FROM setup_step WHERE operation_id = ?")) {
            query.setObject(1, operationId);
            Map<String, StepCompleted> steps = new HashMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    steps.put(rows.getString(1), new StepCompleted(operation, rows.getString(1),
                            rows.getTimestamp(3).toInstant(), rows.getTimestamp(4).toInstant(), rows.getString(2), rows.getString(5)));
                }
            }
            return steps;
        } catch (SQLException e) {
            throw new DatabaseException("cannot read setup steps", e);
        }
    }

    /** Records a finished step; false if it was recorded before (an announcement repeated after a crash). */
    public boolean recordStep(UUID operationId, StepCompleted step) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO setup_step"
                     + " (operation_id, step, outcome, started_at, finished_at, detail) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, operationId);
            insert.setString(2, step.step());
            insert.setString(3, step.outcome());
            insert.setTimestamp(4, Timestamp.from(step.startedAt()));
            insert.setTimestamp(5, Timestamp.from(step.finishedAt()));
            insert.setString(6, step.detail());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException("cannot record setup step", e);
        }
    }
}
