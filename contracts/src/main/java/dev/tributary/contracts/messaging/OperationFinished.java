package dev.tributary.contracts.messaging;

import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;

/**
 * The end of an operation: the status it left the integration in, and for failures what the user should fix.
 *
 * @param supportObjectsVersion the version of the support objects in the target once it ended, when the operation
 *                              is one that changes it (a migration, successful or rolled back); null otherwise
 */
public record OperationFinished(Operation operation, IntegrationStatus status, String message, Integer supportObjectsVersion) {

    public OperationFinished(Operation operation, IntegrationStatus status, String message) {
        this(operation, status, message, null);
    }

    public OperationFinished withSupportObjectsVersion(int version) {
        return new OperationFinished(operation, status, message, version);
    }

    public static OperationFinished succeeded(Operation operation) {
        return new OperationFinished(operation, operation.succeeded(), null);
    }

    public static OperationFinished failed(Operation operation, String message) {
        return new OperationFinished(operation, operation.failed(), message);
    }
}
