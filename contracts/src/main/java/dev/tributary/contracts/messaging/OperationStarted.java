package dev.tributary.contracts.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationType;

/**
 * The gateway accepted an operation; {@code config} is the redacted view, safe to show.
 *
 * @param databaseMode          the governance integration's mode when it is known already (null until an automatic
 *                              create's validation decides it)
 * @param supportObjectsVersion the version of the support objects in the target as the operation starts (for a
 *                              create, the version it sets up); null for zero-ETL integrations and in events
 *                              written before versions were recorded
 */
public record OperationStarted(Operation operation, IntegrationStatus status, IntegrationType integrationType,
                               boolean autoBootstrap, String target, JsonNode config, DatabaseMode databaseMode,
                               Integer supportObjectsVersion) {

    public OperationStarted(Operation operation, IntegrationStatus status, IntegrationType integrationType,
                            boolean autoBootstrap, String target, JsonNode config) {
        this(operation, status, integrationType, autoBootstrap, target, config, null, null);
    }
}
