package dev.tributary.gateway.persistence;

import dev.tributary.contracts.governance.Entitlements;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.support.persistence.DatabaseFailures;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Users' entitlements. Callers hold the transaction. Revisions are raised by the statements that write the row
 * ({@code revision = revision + 1} under the row's lock), never read and written back.
 */
@ApplicationScoped
@DatabaseFailures
@ActivateRequestContext // the event consumer and the checks read outside a request
public class GovernedUserRepository implements PanacheRepositoryBase<GovernedUser, String> {
    /**
     * Serialises the changes of users with the sending of every user to an integration that just became
     * governable, so that no change falls between the two (the one sees the other's commit).
     */
    private static final long USERS_LOCK = 0x7573657273L;
    private static final Columns.Attributes ATTRIBUTES_COLUMN = new Columns.Attributes();
    private static final Columns.Names NAMES_COLUMN = new Columns.Names();

    /** The outcome of a PUT: the revision written, and whether the user is new (never stored, or deleted before). */
    public record Stored(long revision, boolean created) {
    }

    /** Takes the users' lock for the current transaction. */
    public void lockUsers() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, USERS_LOCK).getSingleResult();
    }

    /**
     * Stores the user's entitlements, putting a deleted user back; one upsert, which raises the revision. The caller
     * holds {@link #lockUsers()}, so whether the user was live is still true when the upsert runs.
     */
    public Stored put(String writtenName, Entitlements entitlements) {
        String key = SqlIdentifiers.catalogName(writtenName);
        boolean wasLive = findLive(writtenName).isPresent();
        Object revision = getEntityManager().createNativeQuery("INSERT INTO governed_user (user_name, written_name, attributes,"
                        + " groups, revision) VALUES (?1, ?2, CAST(?3 AS jsonb), CAST(?4 AS jsonb), 1)"
                        + " ON CONFLICT (user_name) DO UPDATE SET written_name = EXCLUDED.written_name,"
                        + " attributes = EXCLUDED.attributes, groups = EXCLUDED.groups, revision = governed_user.revision + 1,"
                        + " deleted_at = NULL, updated_at = now() RETURNING revision")
                .setParameter(1, key)
                .setParameter(2, writtenName)
                .setParameter(3, ATTRIBUTES_COLUMN.convertToDatabaseColumn(entitlements.attributes()))
                .setParameter(4, NAMES_COLUMN.convertToDatabaseColumn(entitlements.groups()))
                .getSingleResult();
        return new Stored(((Number) revision).longValue(), !wasLive);
    }

    /** Deletes a live user, leaving a tombstone; returns the raised revision, or empty when there was no live user. */
    public OptionalLong delete(String userName) {
        List<?> revision = getEntityManager().createNativeQuery("UPDATE governed_user SET deleted_at = now(), updated_at = now(),"
                        + " revision = revision + 1 WHERE user_name = ?1 AND deleted_at IS NULL RETURNING revision")
                .setParameter(1, SqlIdentifiers.catalogName(userName))
                .getResultList();
        return revision.isEmpty() ? OptionalLong.empty() : OptionalLong.of(((Number) revision.get(0)).longValue());
    }

    public Optional<GovernedUserRecord> findLive(String userName) {
        return find("userName = ?1 and deletedAt is null", SqlIdentifiers.catalogName(userName))
                .project(GovernedUserRecord.class).firstResultOptional();
    }

    /** Every user, including the tombstones of deleted ones. */
    public Optional<GovernedUserRecord> findIncludingDeleted(String userName) {
        return find("userName", SqlIdentifiers.catalogName(userName)).project(GovernedUserRecord.class).firstResultOptional();
    }

    public List<GovernedUserRecord> live() {
        return find("deletedAt is null", Sort.by("userName")).project(GovernedUserRecord.class).list();
    }

    /** Every user, tombstones included: what a target's rows are compared with. */
    public List<GovernedUserRecord> everyone() {
        return findAll(Sort.by("userName")).project(GovernedUserRecord.class).list();
    }
}
