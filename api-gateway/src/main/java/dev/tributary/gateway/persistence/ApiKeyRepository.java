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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /** A key as it may be shown: never its value or hash. */
    public record ApiKeyInfo(long id, String name, Set<String> permissions, Instant createdAt) {
    }

    public ApiKeyInfo insert(String keyHash, String name, Set<String> permissions) {
        String sql = "INSERT INTO api_key (key_hash, name, permissions) VALUES (?, ?, ?) RETURNING id, created_at";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, keyHash);
            insert.setString(2, name);
            insert.setArray(3, connection.createArrayOf("text", permissions.toArray()));
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return new ApiKeyInfo(rows.getLong(1), name, permissions, rows.getTimestamp(2).toInstant());
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot store API key", e);
        }
    }

    /** A key as other services learn it: by hash. */
    public record StoredKey(String keyHash, String name, Set<String> permissions) {
    }

    public List<StoredKey> all() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT key_hash, name, permissions FROM api_key ORDER BY id");
             ResultSet rows = query.executeQuery()) {
            List<StoredKey> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(new StoredKey(rows.getString(1), rows.getString(2), Set.of((String[]) rows.getArray(3).getArray())));
            }
            return keys;
        } catch (SQLException e) {
            throw new DatabaseException("cannot list API keys", e);
        }
    }

    /** Deletes the keys of {@code name} other than {@code keptHash}; returns their hashes. */
    public List<String> deleteOthersNamed(String name, String keptHash) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM api_key WHERE name = ? AND key_hash <> ? RETURNING key_hash")) {
            delete.setString(1, name);
            delete.setString(2, keptHash);
            List<String> hashes = new ArrayList<>();
            try (ResultSet rows = delete.executeQuery()) {
                while (rows.next()) {
                    hashes.add(rows.getString(1));
                }
            }
            return hashes;
        } catch (SQLException e) {
            throw new DatabaseException("cannot replace the admin API key", e);
        }
    }

    public List<ApiKeyInfo> list() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT id, name, permissions, created_at FROM api_key ORDER BY id");
             ResultSet rows = query.executeQuery()) {
            List<ApiKeyInfo> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(new ApiKeyInfo(rows.getLong(1), rows.getString(2), Set.of((String[]) rows.getArray(3).getArray()),
                        rows.getTimestamp(4).toInstant()));
            }
            return keys;
        } catch (SQLException e) {
            throw new DatabaseException("cannot list API keys", e);
        }
    }

    /** Deletes the key; returns its hash (to drop it from caches), or empty if there was none with this id. */
    public Optional<String> delete(long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM api_key WHERE id = ? RETURNING key_hash")) {
            delete.setLong(1, id);
            try (ResultSet rows = delete.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot revoke API key", e);
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
