package dev.tributary.bootstrap.service;

import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.ProviderStatusChanged;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.contracts.zeroetl.DataFilter;
import dev.tributary.contracts.zeroetl.ProviderError;
import dev.tributary.support.rds.RdsClients;
import dev.tributary.support.redshift.RedshiftTargets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Integration;
import software.amazon.awssdk.services.rds.model.IntegrationAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.IntegrationNotFoundException;
import software.amazon.awssdk.services.rds.model.InvalidIntegrationStateException;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Carries out zero-ETL operations through the RDS API: CreateIntegration, then DescribeIntegrations until the
 * integration settles (with backoff and a deadline), then the optional {@code CREATE DATABASE … FROM INTEGRATION};
 * ModifyIntegration; DeleteIntegration until RDS no longer lists it. Every provider status change is reported.
 * An RDS fault ends the operation with its code and message; throttling and 5xx answers are retried by the SDK.
 */
@ApplicationScoped
public class ZeroEtlProvisioner {
    public static final String CREATE_STEP = "create-integration";
    public static final String MATERIALIZE_STEP = "materialize";
    /** The tag that marks an RDS integration as created for one Tributary integration. */
    public static final String OWNER_TAG = "tributary:integration-id";
    private static final Set<String> SETTLED = Set.of("active", "syncing", "failed", "needs_attention");
    private static final Duration FIRST_POLL = Duration.ofMillis(250);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(5);

    @Inject
    RdsClients clients;
    @Inject
    RedshiftTargets targets;

    /** How long RDS may take to bring a zero-ETL integration to a settled state (active, failed, deleted). */
    @ConfigProperty(name = "tributary.zero-etl.settle-timeout", defaultValue = "30m")
    Duration settleTimeout;

    /** What the operation reports as it goes. */
    public interface Progress {
        void step(StepCompleted step);

        void providerStatus(ProviderStatusChanged change);
    }

    /** Runs {@code operation}; returns how it ended (the event to publish). Steps in {@code finished} are not repeated. */
    public OperationFinished run(String integrationId, Operation operation, ZeroEtlConfig config, String knownArn,
                                 Credentials materializeLogin, Map<String, StepCompleted> finished, Progress progress) {
        RdsClient rds = clients.forRegion(config.region());
        try {
            return switch (operation) {
                case CREATE -> create(rds, integrationId, config, materializeLogin, finished, progress);
                case EDIT -> edit(rds, config, knownArn, progress);
                case DELETE -> delete(rds, knownArn, progress);
                // the gateway migrates and governs governance integrations only, and ends a forced disable itself
                case MIGRATE, DISABLE, GOVERN, REFRESH -> throw new IllegalArgumentException("no " + operation.wireName() + " for zero-ETL integrations");
            };
        } catch (RdsException e) {
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                throw e; // still failing after the SDK's retries: the provider is busy, so retried later, not failed
            }
            return OperationFinished.failed(operation, e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage());
        } catch (SettleTimeoutException e) {
            return OperationFinished.failed(operation, e.getMessage());
        }
    }

    /** RDS did not settle the integration within {@code tributary.zero-etl.settle-timeout}. */
    static final class SettleTimeoutException extends RuntimeException {
        SettleTimeoutException(String message) {
            super(message);
        }
    }

    private OperationFinished create(RdsClient rds, String integrationId, ZeroEtlConfig config, Credentials login,
                                     Map<String, StepCompleted> finished, Progress progress) {
        StepCompleted created = finished.get(CREATE_STEP);
        if (created == null) {
            Instant started = Instant.now();
            Integration integration = createOrAdopt(rds, integrationId, config);
            created = new StepCompleted(Operation.CREATE, CREATE_STEP, started, Instant.now(), StepCompleted.DONE,
                    integration.integrationArn());
        }
        progress.step(created);
        String arn = created.detail();
        Integration settled = awaitSettled(rds, arn, Operation.CREATE, progress);
        Optional<OperationFinished> trouble = trouble(Operation.CREATE, settled);
        if (trouble.isPresent()) {
            return trouble.get();
        }
        if (config.materialize() != null) {
            StepCompleted materialized = finished.get(MATERIALIZE_STEP);
            try {
                progress.step(materialized != null ? materialized : materialize(config.materialize(), login, arn));
            } catch (SQLException e) {
                return OperationFinished.failed(Operation.CREATE, "The integration is active, but materialising it in "
                        + config.materialize().host() + ":" + config.materialize().port() + " failed: " + e.getMessage());
            }
        }
        return OperationFinished.succeeded(Operation.CREATE);
    }

    /**
     * Creates the integration, tagged with Tributary's id. If RDS already has one with that tag (and this name), it was
     * created by an earlier attempt at this very operation and is adopted; any other existing integration is a fault.
     */
    private static Integration createOrAdopt(RdsClient rds, String integrationId, ZeroEtlConfig config) {
        List<Tag> tags = new java.util.ArrayList<>(config.tags() == null ? List.of() : config.tags().stream()
                .map(tag -> Tag.builder().key(tag.key()).value(tag.value()).build()).toList());
        tags.add(Tag.builder().key(OWNER_TAG).value(integrationId).build());
        try {
            var response = rds.createIntegration(request -> request
                    .integrationName(config.integrationName())
                    .sourceArn(config.sourceArn())
                    .targetArn(config.targetArn())
                    .kmsKeyId(config.kmsKeyId())
                    .additionalEncryptionContext(config.additionalEncryptionContext())
                    .dataFilter(config.dataFilter())
                    .description(config.description())
                    .tags(tags));
            return Integration.builder().integrationArn(response.integrationArn()).status(response.status()).build();
        } catch (IntegrationAlreadyExistsException e) {
            return rds.describeIntegrations(request -> request.filters(Filter.builder()
                            .name("integration-identifier").values(config.integrationName()).build()))
                    .integrations().stream()
                    .filter(existing -> existing.sourceArn().equals(config.sourceArn()) && existing.targetArn().equals(config.targetArn())
                            && existing.tags().stream().anyMatch(tag -> tag.key().equals(OWNER_TAG) && tag.value().equals(integrationId)))
                    .findFirst()
                    .orElseThrow(() -> e);
        }
    }

    private OperationFinished edit(RdsClient rds, ZeroEtlConfig config, String arn, Progress progress) {
        // an omitted field keeps its value in RDS: a filter or description that was removed is sent as "everything" / ""
        String dataFilter = config.dataFilter() != null ? config.dataFilter() : everything(rds, config);
        try {
            rds.modifyIntegration(request -> request.integrationIdentifier(arn).integrationName(config.integrationName())
                    .dataFilter(dataFilter).description(config.description() == null ? "" : config.description()));
        } catch (InvalidIntegrationStateException modifying) {
            // an earlier attempt's request is being carried out: follow it
        }
        Integration settled = awaitSettled(rds, arn, Operation.EDIT, progress);
        return trouble(Operation.EDIT, settled).orElse(OperationFinished.succeeded(Operation.EDIT));
    }

    private OperationFinished delete(RdsClient rds, String arn, Progress progress) {
        if (arn == null) {
            return OperationFinished.succeeded(Operation.DELETE);
        }
        try {
            try {
                rds.deleteIntegration(request -> request.integrationIdentifier(arn));
            } catch (InvalidIntegrationStateException deleting) {
                // an earlier attempt's request is being carried out: follow it
            }
            awaitSettled(rds, arn, Operation.DELETE, progress);
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
     * Polls DescribeIntegrations, reporting each status change, until the status settles; throws
     * IntegrationNotFoundException once the integration is gone (the end of a delete).
     */
    private Integration awaitSettled(RdsClient rds, String arn, Operation operation, Progress progress) {
        Instant deadline = Instant.now().plus(settleTimeout);
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
                throw new SettleTimeoutException("RDS still reports the integration " + status + " after " + settleTimeout
                        + "; check it in the RDS console, then retry or delete it.");
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

    /** {@code CREATE DATABASE … FROM INTEGRATION} on Redshift; on another engine the step is skipped, with the reason. */
    private StepCompleted materialize(ZeroEtlConfig.Materialize target, Credentials login, String arn) throws SQLException {
        Instant started = Instant.now();
        RedshiftConfig connection = new RedshiftConfig(target.host(), target.port(), target.database(), target.initialDatabase(),
                Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null);
        String integrationId = arn.substring(arn.lastIndexOf(':') + 1);
        try (Connection redshift = targets.open(connection, login, target.initialDatabase());
             Statement statement = redshift.createStatement()) {
            String version;
            try (ResultSet rows = statement.executeQuery("SELECT version()")) {
                rows.next();
                version = rows.getString(1);
            }
            if (SqlDialect.fromVersion(version) != SqlDialect.REDSHIFT) {
                return new StepCompleted(Operation.CREATE, MATERIALIZE_STEP, started, Instant.now(), StepCompleted.SKIPPED,
                        "The target reports " + version.split(" ")[0] + ", not Redshift; CREATE DATABASE " + target.database()
                                + " FROM INTEGRATION '" + integrationId + "' needs a Redshift cluster.");
            }
            try (ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = "
                    + SqlDialect.REDSHIFT.quoteLiteral(SqlIdentifiers.catalogName(target.database())))) {
                if (rows.next()) {
                    return new StepCompleted(Operation.CREATE, MATERIALIZE_STEP, started, Instant.now(),
                            StepCompleted.ALREADY_PRESENT, "database " + target.database());
                }
            }
            statement.execute("CREATE DATABASE " + SqlIdentifiers.quote(target.database()) + " FROM INTEGRATION "
                    + SqlDialect.REDSHIFT.quoteLiteral(integrationId)
                    + (target.sourceDatabase() == null ? "" : " DATABASE " + SqlIdentifiers.quote(target.sourceDatabase())));
            return new StepCompleted(Operation.CREATE, MATERIALIZE_STEP, started, Instant.now(), StepCompleted.DONE,
                    "database " + target.database());
        }
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
