package dev.tributary.gateway.persistence;

import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.support.persistence.DatabaseFailures;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The data sources. Callers hold the transaction. Every change locks the rows it changes ({@code FOR UPDATE}, in id
 * order, so that two transactions never wait on each other in a circle) and raises their revision in the same
 * transaction that writes the commands for it; reads come back as {@link DataSourceRecord}s, never as entities.
 */
@ApplicationScoped
@DatabaseFailures
@ActivateRequestContext // the deadline check and the event consumer run outside a request
public class DataSourceRepository implements PanacheRepositoryBase<DataSource, Long> {

    /**
     * Registers a table unless that table, or that view, is already registered (not deleted) on the integration: the
     * partial unique indexes decide, so two concurrent requests cannot both win. Returns the new id, or empty.
     */
    public OptionalLong insertIfFree(long integrationId, String database, String schema, String table, String viewSchema,
                                     String viewName) {
        // ON CONFLICT against partial expression indexes has no JPQL form; no result class, for the query plan cache
        List<?> inserted = getEntityManager().createNativeQuery("INSERT INTO data_source (integration_id, database,"
                        + " schema_name, table_name, view_schema, view_name, status) VALUES (?1, CAST(?2 AS text), ?3, ?4, ?5, ?6,"
                        + " 'creating') ON CONFLICT DO NOTHING RETURNING id")
                .setParameter(1, integrationId)
                .setParameter(2, database)
                .setParameter(3, schema)
                .setParameter(4, table)
                .setParameter(5, viewSchema)
                .setParameter(6, viewName)
                .getResultList();
        return inserted.isEmpty() ? OptionalLong.empty() : OptionalLong.of(((Number) inserted.get(0)).longValue());
    }

    /** A data source, deleted ones included (they keep their last state). */
    public Optional<DataSourceRecord> find(long id) {
        return find("id", id).project(DataSourceRecord.class).firstResultOptional();
    }

    /** The data sources of an integration that are not deleted, oldest first. */
    public List<DataSourceRecord> findLive(long integrationId) {
        return records(find("integrationId = ?1 and status <> ?2", Sort.by("id"), integrationId, DataSourceStatus.DELETED));
    }

    /**
     * Every data source the integration ever had, deleted ones included, oldest first: the system account may still
     * hold the rights the customer gave it on their tables.
     */
    public List<DataSourceRecord> findEver(long integrationId) {
        return records(find("integrationId", Sort.by("id"), integrationId));
    }

    /** The live data source holding that table or that view name on the integration (the one a conflict names). */
    public Optional<DataSourceRecord> findHolder(long integrationId, String database, String schema, String table,
                                                 String viewSchema, String viewName) {
        return findLive(integrationId).stream().filter(ds -> (same(ds.database(), database) && same(ds.schemaName(), schema)
                        && same(ds.tableName(), table)) || (same(ds.viewSchema(), viewSchema) && same(ds.viewName(), viewName)))
                .findFirst();
    }

    /**
     * Raises the revision of every one of {@code ids} that a policy may apply to ({@link DataSourceStatus#USABLE}):
     * what their views should be has changed. Returns them as they are now, in id order; the ones left out are
     * unknown, deleted or being deleted. Locking first and checking after is what keeps a data source from being
     * deleted between a policy's check and its change.
     */
    public List<DataSourceRecord> raiseRevisions(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return change(lock("id in ?1 and status in ?2", ids, DataSourceStatus.USABLE), ds -> ds.revision++);
    }

    /**
     * Starts the removal of a data source's view: status deleting, revision raised. Empty when there is no such data
     * source or it is deleted already. A data source already deleting is sent its drop again.
     */
    public Optional<DataSourceRecord> startDeleting(long id) {
        return change(lock("id = ?1 and status <> ?2", id, DataSourceStatus.DELETED), ds -> {
            ds.status = DataSourceStatus.DELETING;
            ds.message = null;
            ds.revision++;
        }).stream().findFirst();
    }

    /**
     * Marks every live data source of an integration deleted, the integration having gone (deleted or disabled): no
     * worker will act on them again, and the raised revision makes any late outcome stale.
     */
    public List<DataSourceRecord> releaseAll(long integrationId) {
        return change(lock("integrationId = ?1 and status <> ?2", integrationId, DataSourceStatus.DELETED), ds -> {
            ds.status = DataSourceStatus.DELETED;
            ds.message = "its integration " + integrationId + " was deleted or disabled";
            ds.revision++;
        });
    }

    /**
     * Applies a worker's outcome to the data source if {@code revision} is still its current one; empty otherwise
     * (an outcome of an older change, of a deleted data source, or one that names another integration's).
     */
    public Optional<DataSourceRecord> recordOutcome(long integrationId, long id, long revision, Consumer<DataSourceEdit> outcome) {
        return change(lock("id = ?1 and integrationId = ?2 and revision = ?3 and status <> ?4", id, integrationId, revision,
                        DataSourceStatus.DELETED),
                ds -> outcome.accept(new DataSourceEdit(ds))).stream().findFirst();
    }

    /**
     * Data sources of automatic integrations whose change is older than {@code cutoff} and has no outcome: a creating
     * one becomes error with {@code message}; a deleting one keeps its status (its view must still go, and a check
     * that finds it gone settles it) and gets the message once. Returns the ones changed.
     */
    public List<DataSourceRecord> expire(Instant cutoff, LongFunction<String> message) {
        return change(lock("(status = ?1 or (status = ?2 and message is null)) and updatedAt < ?3 and integrationId in"
                        + " (select i.id from Integration i where i.autoBootstrap = true)",
                DataSourceStatus.CREATING, DataSourceStatus.DELETING, cutoff), ds -> {
            if (ds.status == DataSourceStatus.CREATING) {
                ds.status = DataSourceStatus.ERROR;
            }
            ds.message = message.apply(ds.integrationId);
        });
    }

    /** What a worker's outcome may change of a locked data source. */
    public static final class DataSourceEdit {
        private final DataSource row;

        private DataSourceEdit(DataSource row) {
            this.row = row;
        }

        public DataSourceStatus status() {
            return row.status;
        }

        public void status(DataSourceStatus status, String message) {
            row.status = status;
            row.message = message;
        }

        public void columns(List<String> columns) {
            row.columns = List.copyOf(columns);
        }
    }

    /** Locks the rows in id order; each is read again under the lock, whatever this transaction held of it before. */
    private List<DataSource> lock(String query, Object... parameters) {
        List<DataSource> locked = find(query, Sort.by("id"), parameters).withLock(LockModeType.PESSIMISTIC_WRITE).list();
        locked.forEach(getEntityManager()::refresh);
        return locked;
    }

    /** Changes locked rows and flushes them, so the statements that follow in the transaction see the change. */
    private List<DataSourceRecord> change(List<DataSource> locked, Consumer<DataSource> change) {
        Instant now = Instant.now();
        for (DataSource row : locked) {
            change.accept(row);
            row.updatedAt = now;
        }
        flush();
        return locked.stream().map(DataSource::record).toList();
    }

    /** Reads as projections: a managed entity read here would shadow a later locked read of the same row. */
    private static List<DataSourceRecord> records(PanacheQuery<DataSource> rows) {
        return rows.project(DataSourceRecord.class).list();
    }

    private static boolean same(String one, String other) {
        return SqlIdentifiers.sameName(one, other);
    }
}
