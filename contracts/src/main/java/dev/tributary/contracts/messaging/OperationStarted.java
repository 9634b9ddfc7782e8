package dev.tributary.contracts.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationType;

/**
 * The gateway accepted an operation; {@code config} is the redacted view, safe to show. {@code databaseMode} is the
 * governance integration's mode when it is known already (null until an automatic create's validation decides it).
 */
public record OperationStarted(Operation operation, IntegrationStatus status, IntegrationType integrationType,
                               boolean autoBootstrap, String target, JsonNode config, DatabaseMode databaseMode) {

    public OperationStarted(Operation operation, IntegrationStatus status, IntegrationType integrationType,
                            boolean autoBootstrap, String target, JsonNode config) {
        this(operation, status, integrationType, autoBootstrap, target, config, null);
    }
}
