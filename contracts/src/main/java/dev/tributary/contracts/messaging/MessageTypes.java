package dev.tributary.contracts.messaging;

import java.util.Map;

import static dev.tributary.contracts.Topics.BOOTSTRAP;
import static dev.tributary.contracts.Topics.COMMANDS;
import static dev.tributary.contracts.Topics.EVENTS;

/** Every message type, the topic it travels on, and the payload record it carries. */
public final class MessageTypes {
    /** A user asked for a new integration. Payload {@link IntegrationCommand}. */
    public static final String CREATE_INTEGRATION = "CreateIntegration";
    /** Validation passed; the bootstrap-worker may set up the target. Payload {@link IntegrationCommand}. */
    public static final String BOOTSTRAP_REQUESTED = "BootstrapRequested";

    /** The gateway accepted an operation. Payload {@link OperationStarted}. */
    public static final String OPERATION_STARTED = "OperationStarted";
    /** Every validation test's result. Payload {@link ValidationCompleted}. */
    public static final String VALIDATION_COMPLETED = "ValidationCompleted";
    /** One setup step finished. Payload {@link StepCompleted}. */
    public static final String STEP_COMPLETED = "StepCompleted";
    /** The system account exists; its password travels sealed. Payload {@link SystemAccountProvisioned}. */
    public static final String SYSTEM_ACCOUNT_PROVISIONED = "SystemAccountProvisioned";
    /** The operation reached its goal status. Payload {@link OperationFinished}. */
    public static final String OPERATION_SUCCEEDED = "OperationSucceeded";
    /** The operation ended in an error status, with a message for the user. Payload {@link OperationFinished}. */
    public static final String OPERATION_FAILED = "OperationFailed";

    public record Definition(String topic, Class<?> payload) {
    }

    public static final Map<String, Definition> ALL = Map.of(
            CREATE_INTEGRATION, new Definition(COMMANDS, IntegrationCommand.class),
            BOOTSTRAP_REQUESTED, new Definition(BOOTSTRAP, IntegrationCommand.class),
            OPERATION_STARTED, new Definition(EVENTS, OperationStarted.class),
            VALIDATION_COMPLETED, new Definition(EVENTS, ValidationCompleted.class),
            STEP_COMPLETED, new Definition(EVENTS, StepCompleted.class),
            SYSTEM_ACCOUNT_PROVISIONED, new Definition(EVENTS, SystemAccountProvisioned.class),
            OPERATION_SUCCEEDED, new Definition(EVENTS, OperationFinished.class),
            OPERATION_FAILED, new Definition(EVENTS, OperationFinished.class));

    private MessageTypes() {
    }
}
