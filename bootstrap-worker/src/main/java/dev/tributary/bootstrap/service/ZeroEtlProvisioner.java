package dev.tributary.bootstrap.service;

import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.ProviderStatusChanged;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.zeroetl.DataFilter;
import dev.tributary.contracts.zeroetl.ProviderError;
import dev.tributary.support.rds.AwsFaults;
import dev.tributary.support.rds.RdsClients;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateIntegrationResponse;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Integration;
import software.amazon.awssdk.services.rds.model.IntegrationAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.IntegrationConflictOperationException;
import software.amazon.awssdk.services.rds.model.IntegrationNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidIntegrationStateException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Carries out zero-ETL operations through the RDS API. A create first writes the target's resource policy when asked
 * ({@value #AUTHORIZE_STEP}, {@link TargetAuthorizer}), then calls CreateIntegration ({@value #CREATE_STEP}) or, for an
 * integration that exists in RDS already, tags it as this integration's ({@value #ADOPT_STEP}); then it follows
 * DescribeIntegrations until the integration settles, then runs the optional {@code CREATE DATABASE … FROM INTEGRATION}
 * ({@value #MATERIALIZE_STEP}, {@link MaterializedDatabase}). An edit is ModifyIntegration, a delete DeleteIntegration
 * until RDS no longer lists it, a refresh {@code ALTER DATABASE … INTEGRATION REFRESH INERROR TABLES} ({@value #REFRESH_STEP}).
 * Every provider status change is reported. Nothing waits past the command's deadline. An AWS fault ends the
 * operation with its code and message; throttling and 5xx answers are retried by the SDK, then by the message's
 * redelivery.
 */
@ApplicationScoped
public class ZeroEtlProvisioner {
    public static final String AUTHORIZE_STEP = "authorize-target";
    public static final String ADOPT_STEP = "adopt-integration";
    public static final String CREATE_STEP = "create-integration";
    public static final String MATERIALIZE_STEP = "materialize";
    public static final String REFRESH_STEP = "refresh-inerror-tables";
    private static final Logger LOG = Logger.getLogger(ZeroEtlProvisioner.class);
    private static final Set<String> SETTLED = Set.of("active", "syncing", "failed", "needs_attention");
    private static final Duration FIRST_POLL = Duration.ofMillis(250);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(5);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    /** The limit of a command written before deadlines travelled: the gateway's default deadline. */
    private static final Duration WITHOUT_DEADLINE = Duration.ofMinutes(60);

    @Inject
    RdsClients clients;
    @Inject
    TargetAuthorizer authorizer;
    @Inject
    MaterializedDatabase database;

    /** What the operation reports as it goes. */
    public interface Progress {
        void step(StepCompleted step);

        void providerStatus(ProviderStatusChanged change);
    }

    /** One step's work; {@code E}: what it may throw (SQLException for a step in the target's database). */
    private interface StepWork<E extends Exception> {
        StepCompleted run() throws E;
    }

    /**
     * Runs {@code operation} until {@code deadline} at the latest (the last moment the operation's work claim lets a
     * step start; null: {@link #WITHOUT_DEADLINE} from now); returns how it ended (the event to publish). Steps
     * in {@code finished} are not repeated. {@code login} is the Redshift login of the materialised database.
     */
    public OperationFinished run(String integrationId, Operation operation, ZeroEtlConfig config, String knownArn,
                                 Credentials login, Instant deadline, Map<String, StepCompleted> finished, Progress progress) {
        Instant until = deadline != null ? deadline : Instant.now().plus(WITHOUT_DEADLINE);
        RdsClient rds = clients.forRegion(config.region());
        try {
            return switch (operation) {
                case CREATE -> create(rds, integrationId, config, login, until, finished, progress);
                case EDIT -> edit(rds, config, knownArn, until, progress);
                case DELETE -> delete(rds, knownArn, until, progress);
                case REFRESH -> refresh(config, login, finished, progress);
                // the gateway migrates and governs governance integrations only, and ends a forced disable itself
                case MIGRATE, DISABLE, GOVERN -> throw new IllegalArgumentException("no " + operation.wireName() + " for zero-ETL integrations");
            };
        } catch (AwsServiceException e) {
            AwsFaults.rethrowIfPassing(e); // still failing after the SDK's retries: busy, so retried later, not failed
            return OperationFinished.failed(operation, AwsFaults.describe(e));
        } catch (OperationFailure e) {
            return OperationFinished.failed(operation, e.getMessage());
        }
    }

    private OperationFinished create(RdsClient rds, String integrationId, ZeroEtlConfig config, Credentials login,
                                     Instant deadline, Map<String, StepCompleted> finished, Progress progress) {
        StepCompleted created;
        if (config.adopts()) {
            created = once(finished, ADOPT_STEP, () -> adopt(rds, integrationId, config.integrationArn()), progress);
        } else {
            if (config.authorizeTarget()) {
                once(finished, AUTHORIZE_STEP, () -> authorizer.authorize(config), progress);
            }
            created = once(finished, CREATE_STEP, () -> {
                Instant started = Instant.now();
                Integration integration = createOrAdopt(rds, integrationId, config, deadline);
                return new StepCompleted(Operation.CREATE, CREATE_STEP, started, Instant.now(), StepCompleted.DONE,
                        integration.integrationArn());
            }, progress);
        }
        String arn = created.detail();
        Integration settled = awaitSettled(rds, arn, Operation.CREATE, deadline, progress);
        Optional<OperationFinished> trouble = trouble(Operation.CREATE, settled);
        if (trouble.isPresent()) {
            return trouble.get();
        }
        if (config.materialize() != null) {
            try {
                once(finished, MATERIALIZE_STEP, () -> database.materialize(config.materialize(), login, arn), progress);
            } catch (SQLException e) {
                return OperationFinished.failed(Operation.CREATE, "The integration is active, but materialising it in "
                        + config.materialize().host() + ":" + config.materialize().port() + " failed: " + e.getMessage());
            }
        }
        return OperationFinished.succeeded(Operation.CREATE);
    }

    /** Runs a step unless an earlier attempt finished it, and announces it either way (the announcement is idempotent). */
    private static <E extends Exception> StepCompleted once(Map<String, StepCompleted> finished, String step,
                                                            StepWork<E> work, Progress progress) throws E {
        StepCompleted done = finished.get(step);
        if (done == null) {
            done = work.run();
        }
        progress.step(done);
        return done;
    }

    /**
     * Marks an integration that exists in RDS as this one's with the owner tag, so that it reads as created here. The
     * gateway decided the adoption (it refuses one that a live integration of this system manages), so a tag left by
     * an integration that no longer manages it, deleted from the registry or disabled there, is overwritten.
     */
    private static StepCompleted adopt(RdsClient rds, String integrationId, String arn) {
        Instant started = Instant.now();
        Integration existing = rds.describeIntegrations(request -> request.integrationIdentifier(arn)).integrations().get(0);
        boolean tagged = existing.tags().stream().anyMatch(tag -> tag.key().equals(ZeroEtlConfig.OWNER_TAG)
                && tag.value().equals(integrationId));
        if (tagged) {
            return new StepCompleted(Operation.CREATE, ADOPT_STEP, started, Instant.now(), StepCompleted.ALREADY_PRESENT, arn);
        }
        // AddTagsToResource replaces the value of a key the integration has already
        rds.addTagsToResource(request -> request.resourceName(arn).tags(Tag.builder().key(ZeroEtlConfig.OWNER_TAG).value(integrationId).build()));
        return new StepCompleted(Operation.CREATE, ADOPT_STEP, started, Instant.now(), StepCompleted.DONE, arn);
    }

    /**
     * Creates the integration, tagged with Tributary's id. If RDS already has one with that tag (and this name), it was
     * created by an earlier attempt at this very operation and is adopted; any other existing integration is a fault.
     */
    private static Integration createOrAdopt(RdsClient rds, String integrationId, ZeroEtlConfig config, Instant deadline) {
        List<Tag> tags = new ArrayList<>(config.tags() == null ? List.of() : config.tags().stream()
                .map(tag -> Tag.builder().key(tag.key()).value(tag.value()).build()).toList());
        tags.add(Tag.builder().key(ZeroEtlConfig.OWNER_TAG).value(integrationId).build());
        try {
            var response = untilDeadline(deadline, () -> rds.createIntegration(request -> request
                    .integrationName(config.integrationName())
                    .sourceArn(config.sourceArn())
                    .targetArn(config.targetArn())
                    .kmsKeyId(config.kmsKeyId())
                    .additionalEncryptionContext(config.additionalEncryptionContext())
                    .dataFilter(config.dataFilter())
                    .description(config.description())
                    .tags(tags)));
            return Integration.builder().integrationArn(response.integrationArn()).status(response.status()).build();
        } catch (IntegrationAlreadyExistsException e) {
            return rds.describeIntegrations(request -> request.filters(Filter.builder()
                            .name("integration-identifier").values(config.integrationName()).build()))
                    .integrations().stream()
                    .filter(existing -> existing.sourceArn().equals(config.sourceArn()) && existing.targetArn().equals(config.targetArn())
                            && existing.tags().stream().anyMatch(tag -> tag.key().equals(ZeroEtlConfig.OWNER_TAG) && tag.value().equals(integrationId)))
                    .findFirst()
                    .orElseThrow(() -> e);
        }
    }

    /**
     * CreateIntegration while RDS is busy with the source or target (IntegrationConflictOperation: an integration
     * between them is being deleted; InvalidIntegrationState), retried with pauses of 1 s doubling to 30 s until the
     * operation's deadline, which then ends it with the last fault. SmallRye Fault Tolerance's retry bounds the
     * attempts by a duration fixed when the guard is built, and this bound is each operation's own time left, so the
     * guard is built per call (a cheap builder; it keeps no state between calls).
     */
    private static CreateIntegrationResponse untilDeadline(Instant deadline, Supplier<CreateIntegrationResponse> create) {
        Instant started = Instant.now();
        Duration left = Duration.between(started, deadline);
        try {
            // with no time for a pause, one attempt (the guard wants its pauses shorter than its duration)
            return left.compareTo(FIRST_RETRY) <= 0 ? create.get() : retryingFor(left, deadline).get(create);
        } catch (IntegrationConflictOperationException | InvalidIntegrationStateException e) {
            throw new OperationFailure(AwsFaults.describe(e) + " (CreateIntegration was retried from " + started
                    + " until " + deadline + ", as near the operation's deadline as a step may run). Retry the create once RDS has finished"
                    + " the other operation on the source or target.");
        }
    }

    private static TypedGuard<CreateIntegrationResponse> retryingFor(Duration left, Instant deadline) {
        return TypedGuard.create(CreateIntegrationResponse.class)
                .withRetry()
                    .maxRetries(-1)
                    .delay(FIRST_RETRY.toMillis(), ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    .maxDuration(left.toMillis(), ChronoUnit.MILLIS)
                    .retryOn(List.of(IntegrationConflictOperationException.class, InvalidIntegrationStateException.class))
                    .beforeRetry(failure -> LOG.infof("CreateIntegration retried until %s: %s", deadline, failure.getMessage()))
                    .withExponentialBackoff()
                        .factor(2)
                        // the guard wants its longest pause shorter than its duration
                        .maxDelay(Math.min(LONGEST_RETRY.toMillis(), left.toMillis() - 1), ChronoUnit.MILLIS)
                        .done()
                    .done()
                .build();
    }

    /** Asks Redshift to replicate the materialised database's tables in error again; a failure changes nothing. */
    private OperationFinished refresh(ZeroEtlConfig config, Credentials login, Map<String, StepCompleted> finished,
                                      Progress progress) {
        ZeroEtlConfig.Materialize target = config.materialize();
        if (target == null) {
            return OperationFinished.failed(Operation.REFRESH, "The integration has no materialize section, so Tributary"
                    + " made no Redshift database of it to refresh. Run ALTER DATABASE <database> INTEGRATION REFRESH"
                    + " INERROR TABLES in Redshift on the database you made from it.");
        }
        if (login == null) {
            return OperationFinished.failed(Operation.REFRESH, "The refresh came without the Redshift login of "
                    + target.host() + ":" + target.port() + "; ask for it again with the username and password.");
        }
        try {
            once(finished, REFRESH_STEP, () -> database.refreshInErrorTables(target, login), progress);
            return OperationFinished.succeeded(Operation.REFRESH);
        } catch (SQLException e) {
            return OperationFinished.failed(Operation.REFRESH, "Refreshing the tables in error of database " + target.database()
                    + " in " + target.host() + ":" + target.port() + " failed: " + e.getMessage());
        }
    }

    private OperationFinished edit(RdsClient rds, ZeroEtlConfig config, String arn, Instant deadline, Progress progress) {
        // an omitted field keeps its value in RDS: a filter or description that was removed is sent as "everything" / ""
        String dataFilter = config.dataFilter() != null ? config.dataFilter() : everything(rds, config);
        try {
            rds.modifyIntegration(request -> request.integrationIdentifier(arn).integrationName(config.integrationName())
                    .dataFilter(dataFilter).description(config.description() == null ? "" : config.description()));
        } catch (InvalidIntegrationStateException modifying) {
            // an earlier attempt's request is being carried out: follow it
        }
        Integration settled = awaitSettled(rds, arn, Operation.EDIT, deadline, progress);
        return trouble(Operation.EDIT, settled).orElse(OperationFinished.succeeded(Operation.EDIT));
    }

    private OperationFinished delete(RdsClient rds, String arn, Instant deadline, Progress progress) {
        if (arn == null) {
            return OperationFinished.succeeded(Operation.DELETE);
        }
        try {
            try {
                rds.deleteIntegration(request -> request.integrationIdentifier(arn));
            } catch (InvalidIntegrationStateException deleting) {
                // an earlier attempt's request is being carried out: follow it
            }
            awaitSettled(rds, arn, Operation.DELETE, deadline, progress);
            throw new IllegalStateException("unreachable: a deleted integration never settles");
        } catch (IntegrationNotFoundException gone) {
            progress.providerStatus(new ProviderStatusChanged(Operation.DELETE, arn, "deleted", List.of(), null));
            return OperationFinished.succeeded(Operation.DELETE);
        }
    }

    /** A filter that replicates everything, with as many name parts as the source's engine uses. */
    private static String everything(RdsClient rds, ZeroEtlConfig config) {
        String arn = config.sourceArn();
        String engine = arn.contains(":cluster:")
                ? rds.describeDBClusters(request -> request.dbClusterIdentifier(arn)).dbClusters().get(0).engine()
                : rds.describeDBInstances(request -> request.dbInstanceIdentifier(arn)).dbInstances().get(0).engine();
        return DataFilter.SourceEngine.fromRdsEngine(engine) == DataFilter.SourceEngine.POSTGRESQL ? "include: *.*.*" : "include: *.*";
    }

    /**
     * Polls DescribeIntegrations, reporting each status change, until the status settles or the deadline passes;
     * throws IntegrationNotFoundException once the integration is gone (the end of a delete).
     */
    private static Integration awaitSettled(RdsClient rds, String arn, Operation operation, Instant deadline, Progress progress) {
        Duration pause = FIRST_POLL;
        String reported = null;
        while (true) {
            Integration integration = rds.describeIntegrations(request -> request.integrationIdentifier(arn)).integrations().get(0);
            String status = integration.statusAsString();
            if (!status.equals(reported)) {
                progress.providerStatus(new ProviderStatusChanged(operation, arn, status, errors(integration), integration.createTime()));
                reported = status;
            }
            if (operation != Operation.DELETE && SETTLED.contains(status)) {
                return integration;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new OperationFailure("RDS still reports the integration " + status + " at the operation's deadline ("
                        + deadline + "); check it in the RDS console, then retry or delete it.");
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
    }

    /** failed ends the operation in its error status; needs_attention in recurringValidationError; both with RDS's errors. */
    private static Optional<OperationFinished> trouble(Operation operation, Integration integration) {
        String errors = String.join("; ", errors(integration).stream().map(ProviderError::toString).toList());
        return switch (integration.statusAsString()) {
            case "failed" -> Optional.of(OperationFinished.failed(operation, "RDS reports the integration failed"
                    + (errors.isEmpty() ? "." : ": " + errors)));
            case "needs_attention" -> Optional.of(new OperationFinished(operation, IntegrationStatus.RECURRING_VALIDATION_ERROR,
                    "RDS reports the integration needs attention" + (errors.isEmpty() ? "." : ": " + errors)));
            default -> Optional.empty();
        };
    }

    private static List<ProviderError> errors(Integration integration) {
        return integration.errors() == null ? List.of() : integration.errors().stream()
                .map(error -> new ProviderError(error.errorCode(), error.errorMessage())).toList();
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for RDS", e);
        }
    }
}
