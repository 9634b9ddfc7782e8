package dev.tributary.status.persistence;

import dev.tributary.contracts.access.ApiKeyChanged;
import dev.tributary.support.persistence.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.Set;

/** The API keys the gateway granted, by hash; a revoked key stays as a row marked revoked. */
@ApplicationScoped
public class ApiKeyRepository {
    @Inject
    DataSource dataSource;

    /** Records the change unless a later one is already stored (changes may arrive again after a restart). */
    public void apply(ApiKeyChanged change) {
        String sql = "INSERT INTO api_key (key_hash, name, permissions, revoked, changed_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (key_hash) DO UPDATE SET name = COALESCE(EXCLUDED.name, api_key.name),"
                + " permissions = EXCLUDED.permissions, revoked = EXCLUDED.revoked, changed_at = EXCLUDED.changed_at"
                + " WHERE api_key.changed_at <= EXCLUDED.changed_at";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement(sql)) {
            upsert.setString(1, change.keyHash());
            upsert.setString(2, change.name());
            upsert.setArray(3, connection.createArrayOf("text", change.permissions().toArray()));
            upsert.setBoolean(4, change.revoked());
            upsert.setTimestamp(5, Timestamp.from(change.occurredAt()));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot store API key", e);
        }
    }

    /** The permissions of a live key, or empty if the key is unknown or revoked. */
    public Optional<Set<String>> permissions(String keyHash) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT permissions FROM api_key WHERE key_hash = ? AND NOT revoked")) {
            query.setString(1, keyHash);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(Set.of((String[]) rows.getArray(1).getArray())) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read API key", e);
        }
    }
}
