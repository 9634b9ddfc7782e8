package dev.tributary.gateway.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import dev.tributary.support.persistence.DatabaseFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** API keys by the hash of their value. Callers hold the transaction. */
@ApplicationScoped
@DatabaseFailures
@ActivateRequestContext // key checks read outside a transaction and need a session; inside one, it joins it
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    /** Stores the key, or renames it and replaces its permissions; {@code ON CONFLICT} decides, so it is one statement. */
    public void upsert(String keyHash, String name, Set<String> permissions) {
        getEntityManager().createNativeQuery("INSERT INTO api_key (key_hash, name, permissions) VALUES (?1, ?2, ?3)"
                        + " ON CONFLICT (key_hash) DO UPDATE SET name = EXCLUDED.name, permissions = EXCLUDED.permissions")
                .setParameter(1, keyHash)
                .setParameter(2, name)
                .setParameter(3, permissions.toArray(String[]::new))
                .executeUpdate();
    }

    /** A key as it may be shown: never its value or hash. */
    public record ApiKeyInfo(long id, String name, Set<String> permissions, Instant createdAt) {
    }

    public ApiKeyInfo insert(String keyHash, String name, Set<String> permissions) {
        ApiKey key = new ApiKey();
        key.keyHash = keyHash;
        key.name = name;
        key.permissions = permissions.toArray(String[]::new);
        persistAndFlush(key); // the database assigns id and created_at, which the answer shows
        return info(key);
    }

    /** A key as other services learn it: by hash. */
    public record StoredKey(String keyHash, String name, Set<String> permissions) {
    }

    public List<StoredKey> all() {
        return findAll(Sort.by("id")).stream().map(key -> new StoredKey(key.keyHash, key.name, Set.of(key.permissions))).toList();
    }

    /** Deletes the keys of {@code name} other than {@code keptHash}; returns their hashes. */
    public List<String> deleteOthersNamed(String name, String keptHash) {
        return deleteReturningHashes("DELETE FROM api_key WHERE name = ?1 AND key_hash <> ?2 RETURNING key_hash", name, keptHash);
    }

    public List<ApiKeyInfo> list() {
        return findAll(Sort.by("id")).stream().map(ApiKeyRepository::info).toList();
    }

    /** Deletes the key; returns its hash (to drop it from caches), or empty if there was none with this id. */
    public Optional<String> delete(long id) {
        return deleteReturningHashes("DELETE FROM api_key WHERE id = ?1 RETURNING key_hash", id).stream().findFirst();
    }

    public Optional<Set<String>> permissions(String keyHash) {
        return findByIdOptional(keyHash).map(key -> Set.of(key.permissions));
    }

    /**
     * One statement that deletes and says what it deleted: no key is loaded just to remove it. (No result class, so
     * that Hibernate's query plan cache recognises the statement when it runs again.)
     */
    private List<String> deleteReturningHashes(String sql, Object... parameters) {
        var delete = getEntityManager().createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            delete.setParameter(i + 1, parameters[i]);
        }
        return ((List<?>) delete.getResultList()).stream().map(String.class::cast).toList();
    }

    private static ApiKeyInfo info(ApiKey key) {
        return new ApiKeyInfo(key.id, key.name, Set.of(key.permissions), key.createdAt);
    }
}
