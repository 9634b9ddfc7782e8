package dev.tributary.gateway.persistence;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.support.persistence.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** The registry table. Callers hold the transaction; every method joins it. */
@ApplicationScoped
public class IntegrationRepository {
    private static final String COLUMNS = "id, spec, status, status_message, validation_results, operation, operation_id,"
            + " operation_deadline, system_account, sealed_system_password, provider_arn, provider_status";

    @Inject
    DataSource dataSource;

    /**
     * Inserts a new integration unless a live one holds the same target; the unique index decides, so two
     * concurrent creates cannot both win. Returns the new id, or empty when the target is taken.
     */
    public OptionalLong insertIfTargetFree(IntegrationSpec spec, Operation operation, UUID operationId, Instant deadline) {
        String sql = "INSERT INTO integration (id, type, target_key, auto_bootstrap, spec, status, operation, operation_id,"
                + " operation_deadline) VALUES (nextval('integration_id_seq'), ?, ?, ?, ?::jsonb, ?, ?, ?, ?)"
                + " ON CONFLICT (type, target_key) WHERE status NOT IN ('deleted', 'createError') DO NOTHING RETURNING id";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, spec.type().wireName());
            insert.setString(2, spec.config().targetKey());
            insert.setBoolean(3, spec.autoBootstrap());
            insert.setString(4, Json.write(spec));
            insert.setString(5, operation.inProgress().wireName());
            insert.setString(6, operation.wireName());
            insert.setObject(7, operationId);
            insert.setTimestamp(8, Timestamp.from(deadline));
            try (ResultSet rows = insert.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot insert integration", e);
        }
    }

    public OptionalLong liveIdForTarget(IntegrationSpec spec) {
        String sql = "SELECT id FROM integration WHERE type = ? AND target_key = ? AND status NOT IN ('deleted', 'createError')";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, spec.type().wireName());
            query.setString(2, spec.config().targetKey());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot look up target", e);
        }
    }

    public Optional<IntegrationRecord> find(long id) {
        List<IntegrationRecord> found = query("SELECT " + COLUMNS + " FROM integration WHERE id = ? AND status <> 'deleted'", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public Optional<IntegrationRecord> findIncludingDeleted(long id) {
        List<IntegrationRecord> found = query("SELECT " + COLUMNS + " FROM integration WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<IntegrationRecord> findAll() {
        return query("SELECT " + COLUMNS + " FROM integration WHERE status <> 'deleted' ORDER BY id");
    }

    public List<IntegrationRecord> findOverdue(Instant now) {
        return query("SELECT " + COLUMNS + " FROM integration WHERE operation IS NOT NULL AND operation_deadline < ?",
                Timestamp.from(now));
    }

    /** Integrations due for their periodic check: idle, enabled or failing their last check, with a system account. */
    public List<IntegrationRecord> findForRevalidation() {
        return query("SELECT " + COLUMNS + " FROM integration WHERE operation IS NULL AND system_account IS NOT NULL"
                + " AND status IN ('enabled', 'recurringValidationError') ORDER BY id");
    }

    /**
     * Starts {@code operation} on an idle integration whose status allows it; the condition is part of the UPDATE,
     * so of two concurrent requests only one can win. {@code pendingSpec} is what an edit will apply on success.
     */
    public boolean startOperation(long id, Operation operation, UUID operationId, Instant deadline, IntegrationSpec pendingSpec,
                                  List<IntegrationStatus> allowedFrom) {
        String sql = "UPDATE integration SET status = ?, status_message = NULL, validation_results = NULL, operation = ?,"
                + " operation_id = ?, operation_deadline = ?, pending_spec = ?::jsonb, version = version + 1, updated_at = now()"
                + " WHERE id = ? AND operation IS NULL AND status = ANY (?)";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, operation.inProgress().wireName());
            update.setString(2, operation.wireName());
            update.setObject(3, operationId);
            update.setTimestamp(4, Timestamp.from(deadline));
            update.setString(5, pendingSpec == null ? null : Json.write(pendingSpec));
            update.setLong(6, id);
            update.setArray(7, connection.createArrayOf("text", allowedFrom.stream().map(IntegrationStatus::wireName).toArray()));
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException("cannot start operation", e);
        }
    }

    /** Records a periodic check's result; it only moves an idle integration between enabled and recurringValidationError. */
    public boolean recordRevalidation(long id, ValidationResults results) {
        Optional<String> failure = results.failureMessage();
        return update("record revalidation", "UPDATE integration SET validation_results = ?::jsonb, status = ?, status_message = ?,"
                        + " version = version + 1, updated_at = now()"
                        + " WHERE id = ? AND operation IS NULL AND status IN ('enabled', 'recurringValidationError')",
                Json.write(results), (failure.isPresent() ? IntegrationStatus.RECURRING_VALIDATION_ERROR : IntegrationStatus.ENABLED).wireName(),
                failure.orElse(null), id) == 1;
    }

    /** Records validation results of the operation in flight; a failed validation also ends the operation. */
    public boolean recordValidation(long id, UUID operationId, ValidationResults results, IntegrationStatus failedStatus) {
        Optional<String> failure = results.failureMessage();
        String sql = "UPDATE integration SET validation_results = ?::jsonb, version = version + 1, updated_at = now()"
                + (failure.isPresent() ? ", status = ?, status_message = ?, operation = NULL, operation_deadline = NULL,"
                + " pending_spec = NULL" : "")
                + " WHERE id = ? AND operation_id = ?";
        List<Object> parameters = new ArrayList<>(List.of(Json.write(results)));
        failure.ifPresent(message -> parameters.addAll(List.of(failedStatus.wireName(), message)));
        parameters.addAll(List.of(id, operationId));
        return update("record validation", sql, parameters.toArray()) == 1;
    }

    /**
     * Ends the operation in flight, if {@code operationId} is still the current one. A successful edit applies its
     * pending spec; a failed one keeps the spec as it was (the target was rolled back).
     */
    public boolean finishOperation(long id, UUID operationId, IntegrationStatus status, String message, boolean succeeded) {
        return update("finish operation", "UPDATE integration SET status = ?, status_message = ?, operation = NULL,"
                        + " operation_deadline = NULL, spec = CASE WHEN ? THEN COALESCE(pending_spec, spec) ELSE spec END,"
                        + " pending_spec = NULL, version = version + 1, updated_at = now()"
                        + " WHERE id = ? AND operation_id = ? AND operation IS NOT NULL",
                status.wireName(), message, succeeded, id, operationId) == 1;
    }

    public void recordSystemAccount(long id, String username, String sealedPassword) {
        update("record system account", "UPDATE integration SET system_account = ?, sealed_system_password = ?,"
                + " version = version + 1, updated_at = now() WHERE id = ?", username, sealedPassword, id);
    }

    public void recordProviderStatus(long id, String providerArn, String providerStatus) {
        update("record provider status", "UPDATE integration SET provider_arn = COALESCE(?, provider_arn), provider_status = ?,"
                + " version = version + 1, updated_at = now() WHERE id = ?", providerArn, providerStatus, id);
    }

    /** Runs one UPDATE in the caller's transaction; returns the number of rows it changed. */
    private int update(String what, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot " + what, e);
        }
    }

    private List<IntegrationRecord> query(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<IntegrationRecord> records = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    records.add(read(rows));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new DatabaseException("cannot read integrations", e);
        }
    }

    private static IntegrationRecord read(ResultSet rows) throws SQLException {
        String validation = rows.getString("validation_results");
        String operation = rows.getString("operation");
        Timestamp deadline = rows.getTimestamp("operation_deadline");
        return new IntegrationRecord(
                rows.getLong("id"),
                Json.convert(Json.read(rows.getString("spec")), IntegrationSpec.class),
                IntegrationStatus.fromWireName(rows.getString("status")),
                rows.getString("status_message"),
                validation == null ? null : Json.convert(Json.read(validation), ValidationResults.class),
                operation == null ? null : Operation.fromWireName(operation),
                rows.getObject("operation_id", UUID.class),
                deadline == null ? null : deadline.toInstant(),
                rows.getString("system_account"),
                rows.getString("sealed_system_password"),
                rows.getString("provider_arn"),
                rows.getString("provider_status"));
    }
}
