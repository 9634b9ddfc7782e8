package dev.tributary.gateway.service;

import dev.tributary.support.observability.LogContext;
import io.opentelemetry.api.trace.Span;
import org.jboss.logging.Logger;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.IntegrationRequest;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.contracts.sql.SupportObjectsMigrations;
import dev.tributary.contracts.zeroetl.GovernedEndpoint;
import dev.tributary.gateway.messaging.OutboxRelay;
import dev.tributary.gateway.persistence.DataSourceRepository;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.gateway.persistence.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static dev.tributary.contracts.lifecycle.IntegrationStatus.CREATE_ERROR;
import static dev.tributary.contracts.lifecycle.IntegrationStatus.DELETE_ERROR;
import static dev.tributary.contracts.lifecycle.IntegrationStatus.DISABLED;
import static dev.tributary.contracts.lifecycle.IntegrationStatus.MIGRATE_ERROR;
import static dev.tributary.contracts.lifecycle.IntegrationStatus.EDIT_ERROR;
import static dev.tributary.contracts.lifecycle.IntegrationStatus.ENABLED;
import static dev.tributary.contracts.lifecycle.IntegrationStatus.RECURRING_VALIDATION_ERROR;

/**
 * Starts operations on integrations. Each one changes the registry and writes its messages to the outbox in one
 * transaction, so a crash can neither lose the command nor publish one the registry does not know. Whether an
 * operation may start is decided by the registry's conditional updates, never by a read followed by a write.
 */
@ApplicationScoped
public class IntegrationService {
    private static final Logger LOG = Logger.getLogger(IntegrationService.class);
    static final String AUTOMATIC_DELETE_NEEDS_CREDENTIALS = "Integrations that are automatically configured require"
            + " privileged credentials to disable. Please provide them in your payload.";
    static final String MANUAL_DELETE_TAKES_NO_CREDENTIALS = "Credentials are not required for disable unless the"
            + " integration was configured automatically. If you need to update your integration credentials, use PUT"
            + " to update the integration before disabling.";
    /** A failed migration left the version before whole, so the integration may still be edited. */
    private static final List<IntegrationStatus> EDITABLE = List.of(ENABLED, EDIT_ERROR, RECURRING_VALIDATION_ERROR, MIGRATE_ERROR);
    static final String FORCED_DISABLE_TAKES_NO_CREDENTIALS = "Credentials are not used by a forced disable: it changes"
            + " nothing in the target. Send DELETE /integrations/{id}?force=true without a body.";
    private static final List<IntegrationStatus> DELETABLE = List.of(ENABLED, EDIT_ERROR, RECURRING_VALIDATION_ERROR,
            CREATE_ERROR, DELETE_ERROR, MIGRATE_ERROR);
    /** A forced disable is the way out of every status a delete may start from, the target reachable or not. */
    private static final List<IntegrationStatus> DISABLEABLE = DELETABLE;
    /** A migration that failed left the version before in place, so it may be run again. */
    private static final List<IntegrationStatus> MIGRATABLE = List.of(ENABLED, MIGRATE_ERROR);
    /** A refresh is what a person does about tables in error, which is often why a check failed. */
    private static final List<IntegrationStatus> REFRESHABLE = List.of(ENABLED, RECURRING_VALIDATION_ERROR);
    /**
     * The most governance integrations a zero-ETL create command names for the preflight's warning: each takes up to
     * about 300 bytes of the command, so 500 keep it near 150 KB, well within Kafka's default 1 MB message size,
     * whatever else the command carries. More in one region are unusual; those past it are not compared.
     */
    static final int MAX_GOVERNED_ENDPOINTS = 500;

    @Inject
    IntegrationRepository integrations;
    @Inject
    OutboxRepository outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    SecretSealer sealer;
    @Inject
    OperationMetrics metrics;
    @Inject
    DataSourceRepository dataSources;
    @Inject
    ZeroEtlAdoption adoption;
    /** RDS takes many minutes to create a zero-ETL integration, so its operations get a deadline of their own. */
    @Inject
    ZeroEtlOperationTimeout zeroEtlOperationTimeout;

    @ConfigProperty(name = "tributary.operation-timeout", defaultValue = "10m")
    Duration operationTimeout;

    /**
     * Registers a new integration and queues its creation. Throws a conflict if its target is taken. A zero-ETL
     * config with {@code integrationArn} adopts that RDS integration: it is registered with RDS's fields and its ARN,
     * and its create command carries the ARN, so the workers take it over instead of creating one.
     */
    public long create(IntegrationRequest request) {
        IntegrationSpec spec = adopts(request.spec()) ? adoption.adopt(request.spec()) : request.spec();
        String providerArn = spec.type() == IntegrationType.ZERO_ETL ? spec.zeroEtl().integrationArn() : null;
        long id = QuarkusTransaction.requiringNew().call(() -> {
            UUID operationId = UUID.randomUUID();
            Instant deadline = deadline(spec);
            // known now when the names decide it; an automatic create's validation decides it otherwise
            DatabaseMode mode = spec.type() == IntegrationType.REDSHIFT
                    ? DatabaseMode.fromNames(spec.redshift(), spec.autoBootstrap()).orElse(null) : null;
            OptionalLong inserted = integrations.insertIfTargetFree(spec, mode, Operation.CREATE, operationId, deadline,
                    ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION, providerArn);
            if (inserted.isEmpty()) {
                String holder = integrations.liveIdForTarget(spec).stream().mapToObj(Long::toString).findFirst().orElse("?");
                throw new IntegrationConflictException(spec.type().wireName() + " integration already exists on "
                        + spec.config().targetDescription() + " (id = " + holder + ")");
            }
            String idText = Long.toString(inserted.getAsLong());
            announceStart(idText, operationId, Operation.CREATE, spec, mode, ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION);
            IntegrationCommand command = new IntegrationCommand(Operation.CREATE, spec, null, seal(request.credentials(),
                    SealingContext.commandCredentials(idText, operationId, spec)), providerArn, deadline).withDatabaseMode(mode);
            outbox.append(Topics.COMMANDS, Envelope.of(MessageTypes.CREATE_INTEGRATION, idText, operationId,
                    spec.type() == IntegrationType.ZERO_ETL ? command.withGovernedEndpoints(governedEndpoints(spec.zeroEtl())) : command));
            return inserted.getAsLong();
        });
        metrics.started(spec.type(), Operation.CREATE);
        relay.wakeUp();
        return id;
    }

    private static boolean adopts(IntegrationSpec spec) {
        return spec.type() == IntegrationType.ZERO_ETL && spec.zeroEtl().adopts();
    }

    /**
     * The governance integrations whose hosts could be the zero-ETL target's (same region, or a host that names
     * none), for the preflight to warn that a target with case-sensitive identifiers also holds governed views.
     */
    private List<GovernedEndpoint> governedEndpoints(ZeroEtlConfig config) {
        return integrations.findGovernanceHostsIn(config.region(), MAX_GOVERNED_ENDPOINTS).stream()
                .map(record -> new GovernedEndpoint(record.idText(), record.spec().redshift().host(), record.spec().redshift().port()))
                .toList();
    }

    /** Queues an edit: same payload as create; the target (type, host, database) and the setup mode cannot change. */
    public long update(String id, IntegrationRequest request) {
        IntegrationRecord current = get(id);
        checkUnchangedTarget(current, request.spec());
        QuarkusTransaction.requiringNew().run(() -> {
            UUID operationId = UUID.randomUUID();
            Instant deadline = deadline(current.spec());
            if (!integrations.startOperation(current.id(), Operation.EDIT, operationId, deadline, request.spec(), EDITABLE)) {
                throw busy("edit", current.id());
            }
            announceStart(current.idText(), operationId, Operation.EDIT, request.spec(), current.databaseMode(),
                    current.supportObjectsVersion());
            outbox.append(Topics.COMMANDS, Envelope.of(MessageTypes.UPDATE_INTEGRATION, current.idText(), operationId,
                    new IntegrationCommand(Operation.EDIT, request.spec(), current.spec(), seal(request.credentials(),
                            SealingContext.commandCredentials(current.idText(), operationId, request.spec())),
                            current.providerArn(), deadline, current.databaseMode(), null)));
        });
        metrics.started(current.spec().type(), Operation.EDIT);
        relay.wakeUp();
        return current.id();
    }

    /**
     * Deletes an integration. An automatic one needs the privileged credentials and is torn down by the workers; a
     * manual one is deregistered at once (its resources are removed with the delete or cleanup script).
     */
    public long delete(String id, Optional<Credentials> credentials) {
        IntegrationRecord current = get(id);
        if (current.status() == DISABLED) {
            return deregisterDisabled(current, credentials);
        }
        boolean automatic = current.spec().autoBootstrap();
        // a zero-ETL integration is removed through the RDS API with the service's own AWS credentials
        boolean needsCredentials = automatic && current.spec().type() == IntegrationType.REDSHIFT;
        if (needsCredentials && credentials.isEmpty()) {
            throw InvalidRequestException.verbatim(new FieldError("body", "required", AUTOMATIC_DELETE_NEEDS_CREDENTIALS));
        }
        if (!automatic && credentials.isPresent()) {
            throw InvalidRequestException.verbatim(new FieldError("body", "not-allowed", MANUAL_DELETE_TAKES_NO_CREDENTIALS));
        }
        QuarkusTransaction.requiringNew().run(() -> {
            UUID operationId = UUID.randomUUID();
            Instant deadline = deadline(current.spec());
            if (!integrations.startOperation(current.id(), Operation.DELETE, operationId, deadline, null, DELETABLE)) {
                throw busy("delete", current.id());
            }
            announceStart(current.idText(), operationId, Operation.DELETE, current.spec(), current.databaseMode(),
                    current.supportObjectsVersion());
            if (automatic) {
                outbox.append(Topics.COMMANDS, Envelope.of(MessageTypes.DELETE_INTEGRATION, current.idText(), operationId,
                        new IntegrationCommand(Operation.DELETE, current.spec(), null,
                                seal(credentials.orElse(null), SealingContext.commandCredentials(current.idText(), operationId,
                                current.spec())), current.providerArn(), deadline, current.databaseMode(), null,
                                governedTables(current))));
            } else {
                OperationFinished deregistered = OperationFinished.succeeded(Operation.DELETE);
                integrations.finishOperation(current.id(), operationId, deregistered.status(), null, true);
                outbox.append(Topics.EVENTS, Envelope.of(MessageTypes.OPERATION_SUCCEEDED, current.idText(), operationId, deregistered));
            }
        });
        metrics.started(current.spec().type(), Operation.DELETE);
        if (!automatic) {
            metrics.finished(current.spec().type(), Operation.DELETE, true);
        }
        relay.wakeUp();
        return current.id();
    }

    /**
     * Force-disables an integration: the registry alone changes (status disabled), nothing is touched in the target
     * and no worker is involved, so it works while the target is unreachable or its credentials are lost. The
     * integration no longer holds its target and is no longer re-validated. Credentials are refused: none are used.
     */
    public long forceDisable(String id, Optional<Credentials> credentials) {
        IntegrationRecord current = get(id);
        if (credentials.isPresent()) {
            throw InvalidRequestException.verbatim(new FieldError("body", "not-allowed",
                    FORCED_DISABLE_TAKES_NO_CREDENTIALS.replace("{id}", current.idText())));
        }
        endAtOnce(current, Operation.DISABLE, DISABLEABLE, "disable", "Disabled by force: nothing in the target was"
                + " changed or removed. Remove what is left there with the script of POST /integrations/" + current.idText()
                + "/scripts/delete, or delete this integration to deregister it.");
        return current.id();
    }

    /** DELETE of a disabled integration: it is marked deleted; the target, which a disable left alone, is not touched. */
    private long deregisterDisabled(IntegrationRecord current, Optional<Credentials> credentials) {
        if (credentials.isPresent()) {
            throw InvalidRequestException.verbatim(new FieldError("body", "not-allowed", "Credentials are not used to"
                    + " delete a disabled integration: it is deregistered without touching the target (remove what is"
                    + " left there with POST /integrations/" + current.idText() + "/scripts/delete). Send DELETE without a body."));
        }
        endAtOnce(current, Operation.DELETE, List.of(DISABLED), "delete", null);
        return current.id();
    }

    /** An operation that starts and ends in the registry in one transaction (a forced disable, a deregistration). */
    private void endAtOnce(IntegrationRecord current, Operation operation, List<IntegrationStatus> allowedFrom, String action,
                           String message) {
        QuarkusTransaction.requiringNew().run(() -> {
            UUID operationId = UUID.randomUUID();
            OperationFinished ended = new OperationFinished(operation, operation.succeeded(), message);
            if (!integrations.endAtOnce(current.id(), operationId, ended.status(), message, allowedFrom)) {
                throw busy(action, current.id());
            }
            announceStart(current.idText(), operationId, operation, current.spec(), current.databaseMode(), current.supportObjectsVersion());
            outbox.append(Topics.EVENTS, Envelope.of(MessageTypes.OPERATION_SUCCEEDED, current.idText(), operationId, ended));
        });
        metrics.started(current.spec().type(), operation);
        metrics.finished(current.spec().type(), operation, true);
        relay.wakeUp();
    }

    /**
     * Queues a migration of an automatic integration's support objects to the running system's version, run by the
     * workers with {@code credentials}: the privileged ones a person gives, or (the gateway's own migrations) the
     * system account's. Refused when there is nothing to migrate or another operation runs.
     */
    public long migrate(String id, Optional<Credentials> credentials) {
        IntegrationRecord current = get(id);
        if (current.spec().type() != IntegrationType.REDSHIFT) {
            throw new IntegrationConflictException("Integration with ID " + current.id() + " is a "
                    + current.spec().type().wireName() + " integration; only Redshift governance integrations have support objects to migrate.");
        }
        if (!current.spec().autoBootstrap()) {
            throw new IntegrationConflictException("Integration with ID " + current.id() + " was set up manually: run the"
                    + " script of POST /integrations/" + current.id() + "/scripts/migrate, then POST /integrations/"
                    + current.id() + "/validate with {\"supportObjectsVersion\": " + ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION + "}.");
        }
        if (current.supportObjectsVersion() >= ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION) {
            throw new IntegrationConflictException("Integration with ID " + current.id() + " already has support objects version "
                    + current.supportObjectsVersion() + ", the current one.");
        }
        Credentials login = credentials.or(() -> systemAccount(current)).orElseThrow(() -> new IntegrationConflictException(
                "Integration with ID " + current.id() + " has no system account yet; give the privileged credentials in the body."));
        if (credentials.isEmpty() && SupportObjectsMigrations.needsOwner(current.spec().redshift(), current.supportObjectsVersion())) {
            throw InvalidRequestException.verbatim(new FieldError("body", "required", "Migrating integration with ID "
                    + current.id() + " from support objects version " + current.supportObjectsVersion() + " replaces procedures"
                    + " that only their owner may replace; give the privileged credentials that set it up in the body."));
        }
        QuarkusTransaction.requiringNew().run(() -> {
            UUID operationId = UUID.randomUUID();
            Instant deadline = deadline(current.spec());
            if (!integrations.startOperation(current.id(), Operation.MIGRATE, operationId, deadline, null, MIGRATABLE)) {
                throw busy("migrate", current.id());
            }
            announceStart(current.idText(), operationId, Operation.MIGRATE, current.spec(), current.databaseMode(),
                    current.supportObjectsVersion());
            outbox.append(Topics.COMMANDS, Envelope.of(MessageTypes.MIGRATE_INTEGRATION, current.idText(), operationId,
                    new IntegrationCommand(Operation.MIGRATE, current.spec(), null, seal(login,
                            SealingContext.commandCredentials(current.idText(), operationId, current.spec())),
                            null, deadline, current.databaseMode(), current.supportObjectsVersion())));
        });
        metrics.started(current.spec().type(), Operation.MIGRATE);
        relay.wakeUp();
        return current.id();
    }

    /**
     * Queues a refresh of a materialised zero-ETL integration's tables that are in error
     * ({@code ALTER DATABASE … INTEGRATION REFRESH INERROR TABLES}), run by the bootstrap-worker with {@code login},
     * the Redshift login of {@code config.materialize} (it is not stored). The integration keeps its status while and
     * after it runs. 400 for a governance integration or without a login; 409 when it is not materialised, another
     * operation runs, or its status is neither enabled nor recurringValidationError. Its deadline is the ordinary
     * {@code tributary.operation-timeout}: one statement, not RDS's seeding.
     */
    public long refresh(String id, Optional<Credentials> login) {
        IntegrationRecord current = get(id);
        if (current.spec().type() != IntegrationType.ZERO_ETL) {
            throw InvalidRequestException.verbatim(new FieldError("type", "not-allowed", "Integration with ID " + current.id()
                    + " is a " + current.spec().type().wireName() + " integration; only materialised ZeroETL integrations have"
                    + " tables to refresh."));
        }
        if (current.spec().zeroEtl().materialize() == null) {
            throw new IntegrationConflictException("Integration with ID " + current.id() + " is not materialised (it has no"
                    + " config.materialize), so Redshift has no database of it whose tables could be refreshed.");
        }
        Credentials credentials = login.orElseThrow(() -> InvalidRequestException.verbatim(new FieldError("body", "required",
                "The Redshift login of config.materialize is required to refresh: send {\"username\": …, \"password\": …}."
                        + " It is not stored.")));
        QuarkusTransaction.requiringNew().run(() -> {
            UUID operationId = UUID.randomUUID();
            Instant deadline = Instant.now().plus(operationTimeout);
            if (!integrations.startOperation(current.id(), Operation.REFRESH, operationId, deadline, null, REFRESHABLE)) {
                throw busy("refresh", current.id());
            }
            // announced with the status it keeps, which is not the operation's nominal one
            announceStart(current.idText(), operationId, Operation.REFRESH, current.status(), current.spec(),
                    current.databaseMode(), current.supportObjectsVersion());
            outbox.append(Topics.COMMANDS, Envelope.of(MessageTypes.REFRESH_INTEGRATION, current.idText(), operationId,
                    new IntegrationCommand(Operation.REFRESH, current.spec(), null, seal(credentials,
                            SealingContext.commandCredentials(current.idText(), operationId, current.spec())),
                            current.providerArn(), deadline)));
        });
        metrics.started(current.spec().type(), Operation.REFRESH);
        relay.wakeUp();
        return current.id();
    }

    /**
     * The tables an integration governs or governed, for its removal to take their views and the system account's
     * rights on them away too.
     */
    List<GovernedTable> governedTables(IntegrationRecord record) {
        return dataSources.findEver(record.id()).stream().map(DataSources::table).toList();
    }

    public IntegrationRecord get(String id) {
        return parseId(id).flatMap(integrations::find).orElseThrow(() -> new IntegrationNotFoundException(id));
    }

    /** Like {@link #get}, including an integration that was just deleted, for the answer to its DELETE. */
    public IntegrationRecord getAfterDelete(long id) {
        return integrations.findIncludingDeleted(id).orElseThrow(() -> new IntegrationNotFoundException(Long.toString(id)));
    }

    public List<IntegrationRecord> list() {
        return integrations.findAllLive();
    }

    /** One page of {@link #list}, read as a page from the registry, and how many integrations there are in all. */
    public LivePage list(int offset, int limit) {
        return new LivePage(integrations.findLive(offset, limit), integrations.countLive());
    }

    public record LivePage(List<IntegrationRecord> items, long total) {
    }

    /** The plaintext credentials of an integration's system account, for scripts and checks; empty before it exists. */
    public Optional<Credentials> systemAccount(IntegrationRecord record) {
        if (record.systemAccount() == null || record.sealedSystemPassword() == null) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(record.systemAccount(), sealer.unseal(record.sealedSystemPassword(),
                SealingContext.systemAccountPassword(record.idText(), record.spec()))));
    }

    private void announceStart(String id, UUID operationId, Operation operation, IntegrationSpec spec, DatabaseMode mode,
                               int supportObjectsVersion) {
        announceStart(id, operationId, operation, operation.inProgress(), spec, mode, supportObjectsVersion);
    }

    private void announceStart(String id, UUID operationId, Operation operation, IntegrationStatus status, IntegrationSpec spec,
                               DatabaseMode mode, int supportObjectsVersion) {
        try (LogContext ids = LogContext.of(id, operationId).with(Span.current().getSpanContext())) {
            LOG.infof("integration %s: %s accepted (%s)", id, operation.wireName(), spec.config().targetDescription());
        }
        outbox.append(Topics.EVENTS, Envelope.of(MessageTypes.OPERATION_STARTED, id, operationId,
                new OperationStarted(operation, status, spec.type(), spec.autoBootstrap(),
                        spec.config().targetDescription(), spec.config().redactedView(), mode,
                        spec.type() == IntegrationType.REDSHIFT ? supportObjectsVersion : null)));
    }

    /**
     * What an edit may not change: the type, the target (host, port, database), {@code autoBootstrap}, and the
     * integration's database mode, which the requested names must keep ({@link DatabaseMode#afterEdit}).
     */
    static void checkUnchangedTarget(IntegrationRecord record, IntegrationSpec requested) {
        IntegrationSpec current = record.spec();
        List<FieldError> errors = new ArrayList<>();
        if (current.type() != requested.type()) {
            errors.add(new FieldError("type", "immutable", "cannot change on edit (it is " + current.type().wireName() + ")"));
        } else if (current.type() == IntegrationType.ZERO_ETL) {
            current.zeroEtl().fixedFieldsChangedIn(requested.zeroEtl()).forEach(field -> errors.add(new FieldError(field,
                    "immutable", "cannot change on edit; only " + ZeroEtlConfig.MODIFIABLE + " can")));
        } else {
            RedshiftConfig was = current.redshift();
            RedshiftConfig now = requested.redshift();
            if (!was.targetKey().equals(now.targetKey()) || was.port() != now.port()) {
                errors.add(new FieldError("config.host", "immutable", "cannot change on edit; create a new integration for another cluster"));
            }
            if (!SqlIdentifiers.sameName(was.database(), now.database())) {
                errors.add(new FieldError("config.database", "immutable", "cannot change on edit (it is " + was.database() + ")"));
            } else {
                DatabaseMode mode = DatabaseMode.orMulti(record.databaseMode());
                DatabaseMode after = DatabaseMode.afterEdit(mode, now, requested.autoBootstrap());
                if (after != mode) {
                    errors.add(new FieldError("config.database", "database-mode", "would switch this " + mode.wireName()
                            + " integration to " + after.wireName() + " mode (config.database " + now.database()
                            + (after == DatabaseMode.SINGLE_DATABASE ? " equals" : " differs from") + " config.initialDatabase "
                            + now.initialDatabase() + "), which no edit can do: " + DatabaseMode.RULE + ". Keep"
                            + " config.initialDatabase " + (mode == DatabaseMode.SINGLE_DATABASE ? "equal to" : "different from")
                            + " config.database, or create a new integration."));
                }
            }
        }
        if (current.autoBootstrap() != requested.autoBootstrap()) {
            errors.add(new FieldError("autoBootstrap", "immutable", "cannot change on edit (it is " + current.autoBootstrap() + ")"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    IntegrationConflictException busy(String action, long id) {
        String state = integrations.find(id).map(record -> record.status().wireName()).orElse("deleted");
        return new IntegrationConflictException("Unable to " + action + " integration with ID " + id + " in current state " + state + ".");
    }

    /** Sealed credentials, or null for an operation that brings none (a zero-ETL integration without materialize). */
    private String seal(Credentials credentials, SealingContext purpose) {
        return credentials == null ? null : sealer.seal(Json.write(credentials), purpose);
    }

    private Instant deadline(IntegrationSpec spec) {
        return Instant.now().plus(spec.type() == IntegrationType.ZERO_ETL ? zeroEtlOperationTimeout.duration() : operationTimeout);
    }

    private static Optional<Long> parseId(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
