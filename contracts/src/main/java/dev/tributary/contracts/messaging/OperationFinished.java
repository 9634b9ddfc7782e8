package dev.tributary.contracts.messaging;

import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;

/** The end of an operation: the status it left the integration in, and for failures what the user should fix. */
public record OperationFinished(Operation operation, IntegrationStatus status, String message) {

    public static OperationFinished succeeded(Operation operation) {
        return new OperationFinished(operation, operation.succeeded(), null);
    }

    public static OperationFinished failed(Operation operation, String message) {
        return new OperationFinished(operation, operation.failed(), message);
    }
}
