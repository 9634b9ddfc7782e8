package dev.tributary.contracts.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.IntegrationType;

/** The gateway accepted an operation; {@code config} is the redacted view, safe to show. */
public record OperationStarted(Operation operation, IntegrationStatus status, IntegrationType integrationType,
                               boolean autoBootstrap, String target, JsonNode config) {
}
