package dev.tributary.status.persistence;

import dev.tributary.contracts.access.ApiKeyChanged;
import dev.tributary.support.persistence.DatabaseFailures;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Optional;
import java.util.Set;

/**
 * The API keys the gateway granted, by hash. A repository rather than an active-record entity: callers inject it
 * (the consumer writes, the request filter reads), and the table's two operations are queries over keys, not
 * behaviour of one key.
 */
@ApplicationScoped
@DatabaseFailures // a database away answers 503, as the view's own failures
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, String> {

    /**
     * Every instance reads the whole topic and writes the same table, and changes may arrive again after a
     * restart: the database decides, in one statement, whether the change is newer than the stored one. Never
     * read-then-write, which two instances could race. A revocation is final: a gateway that read its keys just
     * before another instance revoked one republishes that key's grant later, and the grant must not bring it back.
     */
    private static final String APPLY = "insert into ApiKey k (keyHash, name, permissions, revoked, changedAt)"
            + " values (:keyHash, :name, :permissions, :revoked, :changedAt)"
            + " on conflict (keyHash) do update set name = coalesce(excluded.name, k.name),"
            + " permissions = excluded.permissions, revoked = excluded.revoked, changedAt = excluded.changedAt"
            + " where k.changedAt <= excluded.changedAt and k.revoked = false";

    /** Records the change unless a later one is already stored. */
    @Transactional
    public void apply(ApiKeyChanged change) {
        getEntityManager().createQuery(APPLY)
                .setParameter("keyHash", change.keyHash())
                .setParameter("name", change.name())
                .setParameter("permissions", change.permissions().toArray(String[]::new))
                .setParameter("revoked", change.revoked())
                .setParameter("changedAt", change.occurredAt())
                .executeUpdate();
    }

    /** The permissions of a live key, or empty if the key is unknown or revoked. */
    @Transactional
    public Optional<Set<String>> permissions(String keyHash) {
        return findByIdOptional(keyHash).filter(key -> !key.revoked).map(key -> Set.of(key.permissions));
    }
}
