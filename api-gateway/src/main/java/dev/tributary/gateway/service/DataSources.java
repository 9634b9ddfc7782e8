package dev.tributary.gateway.service;

import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.PolicyRule;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.GovernanceApplied;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.GovernanceRequestParser.DataSourceRequest;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.gateway.messaging.OutboxRelay;
import dev.tributary.gateway.persistence.DataSourceRecord;
import dev.tributary.gateway.persistence.DataSourceRepository;
import dev.tributary.gateway.persistence.DataSourceStatus;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.gateway.persistence.PolicyRecord;
import dev.tributary.gateway.persistence.PolicyRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Tables registered as data sources, and their governed views. Every change raises the data source's revision under
 * its row lock and, in the same transaction, queues the view's change for the integration's target and announces the
 * data source's new state; a worker's outcome counts only for the revision it was sent with.
 */
@ApplicationScoped
public class DataSources {
    private static final Logger LOG = Logger.getLogger(DataSources.class);
    /** The support objects that hold users' entitlements (the tables governed views join) came with this version. */
    static final int ENTITLEMENTS_VERSION = 3;

    @Inject
    DataSourceRepository dataSources;
    @Inject
    PolicyRepository policies;
    @Inject
    IntegrationRepository registry;
    @Inject
    IntegrationService integrations;
    @Inject
    GovernanceOutbox outbox;
    @Inject
    OutboxRelay relay;

    @ConfigProperty(name = "tributary.operation-timeout", defaultValue = "10m")
    Duration operationTimeout;

    /** Registers a table on an integration and queues its view. */
    public DataSourceRecord create(String integrationId, DataSourceRequest request) {
        IntegrationRecord integration = integrations.get(integrationId);
        String database = database(integration, request);
        DataSourceRecord created = QuarkusTransaction.requiringNew().call(() -> {
            IntegrationRecord locked = registry.findLocked(integration.id())
                    .orElseThrow(() -> new IntegrationNotFoundException(integrationId));
            checkGovernable(locked);
            long id = dataSources.insertIfFree(locked.id(), database, request.schema(), request.table(), request.viewSchema(),
                    request.table()).orElseThrow(() -> conflict(locked, database, request));
            DataSourceRecord dataSource = dataSources.find(id).orElseThrow();
            UUID operationId = outbox.command(locked, view(dataSource, List.of(), false, false));
            outbox.dataSourceChanged(dataSource, List.of(), operationId);
            return dataSource;
        });
        relay.wakeUp();
        return created;
    }

    public List<DataSourceRecord> list(String integrationId) {
        return dataSources.findLive(integrations.get(integrationId).id());
    }

    /** A data source, a deleted one too (its last state). */
    public DataSourceRecord get(String id) {
        return parseId(id).flatMap(dataSources::find).orElseThrow(() -> notFound(id));
    }

    /** The policies on a data source, in the order their rules combine. */
    public List<PolicyRecord> policiesOn(DataSourceRecord dataSource) {
        return policies.onDataSource(dataSource.id());
    }

    /** Starts dropping a data source's view; it leaves every policy at once. A deleted one is a conflict. */
    public DataSourceRecord delete(String id) {
        DataSourceRecord existing = get(id);
        DataSourceRecord deleting = QuarkusTransaction.requiringNew().call(() -> {
            DataSourceRecord dataSource = dataSources.startDeleting(existing.id()).orElseThrow(() ->
                    new IntegrationConflictException("Data source " + existing.id() + " is deleted already."));
            policies.unlink(dataSource.id());
            Optional<IntegrationRecord> integration = registry.findIncludingDeleted(dataSource.integrationId())
                    .filter(IntegrationRepository::governable);
            UUID operationId = integration.map(target -> outbox.command(target, view(dataSource, List.of(), true, true)))
                    .orElseGet(UUID::randomUUID);
            outbox.dataSourceChanged(dataSource, List.of(), operationId);
            return dataSource;
        });
        relay.wakeUp();
        return deleting;
    }

    /**
     * Re-governs data sources whose policies changed, in the caller's transaction: raises their revisions and
     * queues each one's view with the combined rules of the policies on it now. Returns the ones that a policy may
     * apply to (not deleted, not being deleted); the caller locks the policy's row first.
     */
    public List<DataSourceRecord> reapplyPolicies(Collection<Long> ids) {
        return dataSources.raiseRevisions(ids);
    }

    /** Queues the view of each of {@code changed} under the rules of the policies on it now, and announces it. */
    public void queueViews(List<DataSourceRecord> changed) {
        for (DataSourceRecord dataSource : changed) {
            List<PolicyRecord> on = policies.onDataSource(dataSource.id());
            Optional<IntegrationRecord> integration = registry.findIncludingDeleted(dataSource.integrationId())
                    .filter(IntegrationRepository::governable);
            UUID operationId = integration.map(target -> outbox.command(target, view(dataSource, on, false, true)))
                    .orElseGet(UUID::randomUUID);
            outbox.dataSourceChanged(dataSource, on, operationId);
        }
    }

    /**
     * Records a worker's outcome (in the consumer's transaction): for the data source's current revision only;
     * older revisions and superseded changes are passed over.
     */
    public void recordOutcome(long integrationId, Envelope event) {
        GovernanceApplied outcome = event.payloadAs(GovernanceApplied.class);
        if (outcome.dataSourceId() == null || outcome.outcome() == null || GovernanceApplied.SUPERSEDED.equals(outcome.outcome())) {
            return;
        }
        Optional<DataSourceRecord> recorded = dataSources.recordOutcome(integrationId, outcome.dataSourceId(), outcome.revision(), edit -> {
            switch (outcome.outcome()) {
                case GovernanceApplied.APPLIED -> edit.status(edit.status() == DataSourceStatus.DELETING
                        ? DataSourceStatus.DELETED : DataSourceStatus.ACTIVE, null);
                // a drop that failed is still wanted: a check that finds the view gone settles it
                case GovernanceApplied.FAILED -> edit.status(edit.status() == DataSourceStatus.DELETING
                        ? DataSourceStatus.DELETING : DataSourceStatus.ERROR, outcome.message());
                case GovernanceApplied.SCRIPT_PENDING -> edit.status(edit.status(), outcome.message());
                default -> LOG.warnf("data source %d: unknown governance outcome %s", outcome.dataSourceId(), outcome.outcome());
            }
            if (!outcome.columns().isEmpty()) {
                edit.columns(outcome.columns());
            }
        });
        recorded.ifPresent(dataSource -> outbox.dataSourceChanged(dataSource, policies.onDataSource(dataSource.id()),
                event.operationId()));
    }

    /** Marks every live data source of an integration that is gone (deleted or disabled) deleted, in the caller's transaction. */
    public void releaseAll(long integrationId, UUID operationId) {
        for (DataSourceRecord dataSource : dataSources.releaseAll(integrationId)) {
            policies.unlink(dataSource.id());
            outbox.dataSourceChanged(dataSource, List.of(), operationId);
        }
    }

    /**
     * Gives up waiting for changes of automatic integrations that had no outcome within
     * {@code tributary.operation-timeout}; a check then puts them in step.
     */
    public void expireOverdue() {
        List<DataSourceRecord> expired = QuarkusTransaction.requiringNew().call(() -> {
            List<DataSourceRecord> changed = dataSources.expire(Instant.now().minus(operationTimeout), integrationId ->
                    "not applied within " + timeout() + " (tributary.operation-timeout); POST /integrations/"
                            + integrationId + "/validate puts it in step");
            changed.forEach(dataSource -> outbox.dataSourceChanged(dataSource, policies.onDataSource(dataSource.id()),
                    UUID.randomUUID()));
            return changed;
        });
        if (!expired.isEmpty()) {
            relay.wakeUp();
        }
    }

    private String timeout() {
        long seconds = operationTimeout.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    /** Every live data source's view as the integration's target should hold it, for a check to compare. */
    public List<GovernanceChange.View> views(long integrationId) {
        return dataSources.findLive(integrationId).stream().map(dataSource -> view(dataSource,
                policies.onDataSource(dataSource.id()), dataSource.status() == DataSourceStatus.DELETING, true)).toList();
    }

    public List<DataSourceRecord> live(long integrationId) {
        return dataSources.findLive(integrationId);
    }

    /** The change that makes the data source's view what its policies say ({@code policies} in combining order). */
    static GovernanceChange.View view(DataSourceRecord dataSource, List<PolicyRecord> policies, boolean drop, boolean replace) {
        List<PolicyRule> rules = drop ? List.of() : policies.stream().flatMap(policy -> policy.rules().stream()).toList();
        return new GovernanceChange.View(dataSource.id(), table(dataSource), rules, drop, replace, dataSource.revision());
    }

    static GovernedTable table(DataSourceRecord dataSource) {
        return new GovernedTable(dataSource.database(), dataSource.schemaName(), dataSource.tableName(), dataSource.columns(),
                dataSource.viewSchema(), dataSource.viewName());
    }

    /**
     * The table's database as it is stored: null when it is the managed database (always in single-database mode,
     * where the views live in the data's own database), the name given otherwise.
     */
    private static String database(IntegrationRecord integration, DataSourceRequest request) {
        checkGovernable(integration);
        RedshiftConfig config = integration.spec().redshift();
        if (DatabaseMode.orMulti(integration.databaseMode()) == DatabaseMode.SINGLE_DATABASE) {
            if (request.database() != null && !SqlIdentifiers.sameName(request.database(), config.database())) {
                throw new InvalidRequestException(new FieldError("database", "single-database", "must be left out or be "
                        + config.database() + ": integration " + integration.id() + " is in single-database mode, where"
                        + " governed tables are in its database " + config.database()));
            }
            return null;
        }
        if (request.database() == null) {
            throw new InvalidRequestException(new FieldError("database", "required", "is required: integration "
                    + integration.id() + " is in multi-database mode, so name the database the table is in"));
        }
        return SqlIdentifiers.sameName(request.database(), config.database()) ? null : request.database();
    }

    /** Data sources are registered on live governance integrations whose support objects hold entitlements. */
    private static void checkGovernable(IntegrationRecord integration) {
        if (!IntegrationRepository.governable(integration)) {
            throw new IntegrationConflictException("Integration with ID " + integration.id() + " cannot govern data sources"
                    + " in its current state: it must be a Redshift integration that was created and is neither deleted nor"
                    + " disabled (it is a " + integration.spec().type().wireName() + " integration, " + integration.status().wireName()
                    + (integration.systemAccount() == null ? ", without a system account yet" : "") + ").");
        }
        if (integration.supportObjectsVersion() < ENTITLEMENTS_VERSION) {
            throw new IntegrationConflictException("Integration with ID " + integration.id() + " has support objects version "
                    + integration.supportObjectsVersion() + "; governed views need version " + ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION
                    + ". Migrate it first (POST /integrations/" + integration.id() + "/migrate, or the script of POST"
                    + " /integrations/" + integration.id() + "/scripts/migrate for a manual integration).");
        }
    }

    private IntegrationConflictException conflict(IntegrationRecord integration, String database, DataSourceRequest request) {
        String table = SqlIdentifiers.catalogName(request.schema() + "." + request.table());
        String view = SqlIdentifiers.catalogName(request.viewSchema() + "." + request.table());
        return dataSources.findHolder(integration.id(), database, request.schema(), request.table(), request.viewSchema(),
                        request.table())
                .map(holder -> new IntegrationConflictException(SqlIdentifiers.sameName(holder.schemaName(), request.schema())
                        && SqlIdentifiers.sameName(holder.tableName(), request.table())
                        && SqlIdentifiers.sameName(holder.database(), database)
                        ? "Table " + table + " is already registered on integration " + integration.id() + " (data source " + holder.id() + ")."
                        : "View " + view + " is already the view of data source " + holder.id() + " on integration " + integration.id() + "."))
                .orElseGet(() -> new IntegrationConflictException("Table " + table + " or view " + view
                        + " is already registered on integration " + integration.id() + "."));
    }

    static GovernanceNotFoundException notFound(String id) {
        return new GovernanceNotFoundException("No data source found with ID " + id + ".");
    }

    static Optional<Long> parseId(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
