package dev.tributary.contracts.messaging;

import java.util.Map;

import static dev.tributary.contracts.Topics.BOOTSTRAP;
import static dev.tributary.contracts.Topics.COMMANDS;
import static dev.tributary.contracts.Topics.CHECKS;
import static dev.tributary.contracts.Topics.EVENTS;

/** Every message type, the topic it travels on, and the payload record it carries. */
public final class MessageTypes {
    /** A user asked for a new integration. Payload {@link IntegrationCommand}. */
    public static final String CREATE_INTEGRATION = "CreateIntegration";
    /** A user changed an integration. Payload {@link IntegrationCommand} with {@code previousSpec}. */
    public static final String UPDATE_INTEGRATION = "UpdateIntegration";
    /** A user asked to remove an automatically set-up integration. Payload {@link IntegrationCommand}. */
    public static final String DELETE_INTEGRATION = "DeleteIntegration";
    /**
     * Bring an automatic integration's support objects to the current version. Payload {@link IntegrationCommand}
     * with {@code supportObjectsVersion}, the version in place.
     */
    public static final String MIGRATE_INTEGRATION = "MigrateIntegration";
    /** The periodic check of an enabled integration. Payload {@link RevalidationRequest}. */
    public static final String REVALIDATE_INTEGRATION = "RevalidateIntegration";
    /**
     * The periodic (or asked-for) check of enabled zero-ETL integrations: one batch described in RDS. Payload
     * {@link ZeroEtlWatchRequest}; each member is answered with a {@link #REVALIDATION_COMPLETED}.
     */
    public static final String WATCH_ZERO_ETL = "WatchZeroEtlIntegrations";
    /**
     * A user asked to refresh a materialised zero-ETL integration's tables in error. Payload
     * {@link IntegrationCommand} (operation refresh, the Redshift login sealed).
     */
    public static final String REFRESH_INTEGRATION = "RefreshIntegration";
    /**
     * A change of governed data (a user, a data source's view) for one integration. Payload {@link GovernanceCommand}.
     */
    public static final String APPLY_GOVERNANCE = "ApplyGovernance";
    /** Validation passed; the bootstrap-worker may change the target. Payload {@link IntegrationCommand}. */
    public static final String BOOTSTRAP_REQUESTED = "BootstrapRequested";

    /**
     * A governance change the validation-worker checked (the table is there and readable, its columns read) or a
     * check found missing; the bootstrap-worker applies it. Payload {@link GovernanceCommand}.
     */
    public static final String GOVERNANCE_REQUESTED = "GovernanceRequested";

    /** The gateway accepted an operation. Payload {@link OperationStarted}. */
    public static final String OPERATION_STARTED = "OperationStarted";
    /** Every validation test's result. Payload {@link ValidationCompleted}. */
    public static final String VALIDATION_COMPLETED = "ValidationCompleted";
    /** One setup step finished. Payload {@link StepCompleted}. */
    public static final String STEP_COMPLETED = "StepCompleted";
    /** The system account exists; its password travels sealed. Payload {@link SystemAccountProvisioned}. */
    public static final String SYSTEM_ACCOUNT_PROVISIONED = "SystemAccountProvisioned";
    /** RDS reported a new status for a zero-ETL integration. Payload {@link ProviderStatusChanged}. */
    public static final String PROVIDER_STATUS_CHANGED = "ProviderStatusChanged";
    /** The result of a periodic check. Payload {@link RevalidationCompleted}. */
    public static final String REVALIDATION_COMPLETED = "RevalidationCompleted";
    /** A worker refused or abandoned a work item whose deadline had passed. Payload {@link WorkRefused}. */
    public static final String WORK_REFUSED = "WorkRefused";
    /** How a governance change ended in one target. Payload {@link GovernanceApplied}. */
    public static final String GOVERNANCE_APPLIED = "GovernanceApplied";
    /** A data source as the gateway records it now. Payload {@link DataSourceChanged}. */
    public static final String DATA_SOURCE_CHANGED = "DataSourceChanged";
    /** The operation reached its goal status. Payload {@link OperationFinished}. */
    public static final String OPERATION_SUCCEEDED = "OperationSucceeded";
    /** The operation ended in an error status, with a message for the user. Payload {@link OperationFinished}. */
    public static final String OPERATION_FAILED = "OperationFailed";

    public record Definition(String topic, Class<?> payload) {
    }

    public static final Map<String, Definition> ALL = Map.ofEntries(
            Map.entry(CREATE_INTEGRATION, new Definition(COMMANDS, IntegrationCommand.class)),
            Map.entry(UPDATE_INTEGRATION, new Definition(COMMANDS, IntegrationCommand.class)),
            Map.entry(DELETE_INTEGRATION, new Definition(COMMANDS, IntegrationCommand.class)),
            Map.entry(MIGRATE_INTEGRATION, new Definition(COMMANDS, IntegrationCommand.class)),
            Map.entry(REVALIDATE_INTEGRATION, new Definition(CHECKS, RevalidationRequest.class)),
            Map.entry(WATCH_ZERO_ETL, new Definition(CHECKS, ZeroEtlWatchRequest.class)),
            Map.entry(REFRESH_INTEGRATION, new Definition(COMMANDS, IntegrationCommand.class)),
            Map.entry(REVALIDATION_COMPLETED, new Definition(EVENTS, RevalidationCompleted.class)),
            Map.entry(PROVIDER_STATUS_CHANGED, new Definition(EVENTS, ProviderStatusChanged.class)),
            Map.entry(BOOTSTRAP_REQUESTED, new Definition(BOOTSTRAP, IntegrationCommand.class)),
            Map.entry(APPLY_GOVERNANCE, new Definition(COMMANDS, GovernanceCommand.class)),
            Map.entry(GOVERNANCE_REQUESTED, new Definition(BOOTSTRAP, GovernanceCommand.class)),
            Map.entry(GOVERNANCE_APPLIED, new Definition(EVENTS, GovernanceApplied.class)),
            Map.entry(DATA_SOURCE_CHANGED, new Definition(EVENTS, DataSourceChanged.class)),
            Map.entry(OPERATION_STARTED, new Definition(EVENTS, OperationStarted.class)),
            Map.entry(VALIDATION_COMPLETED, new Definition(EVENTS, ValidationCompleted.class)),
            Map.entry(STEP_COMPLETED, new Definition(EVENTS, StepCompleted.class)),
            Map.entry(SYSTEM_ACCOUNT_PROVISIONED, new Definition(EVENTS, SystemAccountProvisioned.class)),
            Map.entry(WORK_REFUSED, new Definition(EVENTS, WorkRefused.class)),
            Map.entry(OPERATION_SUCCEEDED, new Definition(EVENTS, OperationFinished.class)),
            Map.entry(OPERATION_FAILED, new Definition(EVENTS, OperationFinished.class)));

    private MessageTypes() {
    }
}
