package dev.tributary.gateway.persistence;

import dev.tributary.support.persistence.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/** API keys by the hash of their value. */
@ApplicationScoped
public class ApiKeyRepository {
    @Inject
    DataSource dataSource;

    public void upsert(String keyHash, String name, Set<String> permissions) {
        String sql = "INSERT INTO api_key (key_hash, name, permissions) VALUES (?, ?, ?)"
                + " ON CONFLICT (key_hash) DO UPDATE SET name = EXCLUDED.name, permissions = EXCLUDED.permissions";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement(sql)) {
            upsert.setString(1, keyHash);
            upsert.setString(2, name);
            upsert.setArray(3, connection.createArrayOf("text", permissions.toArray()));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("cannot store API key", e);
        }
    }

    public Optional<Set<String>> permissions(String keyHash) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT permissions FROM api_key WHERE key_hash = ?")) {
            query.setString(1, keyHash);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Array permissions = rows.getArray(1);
                return Optional.of(Set.of((String[]) permissions.getArray()));
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read API key", e);
        }
    }
}
