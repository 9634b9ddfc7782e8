package dev.tributary.gateway.service;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.messaging.DataSourceChanged;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.GovernanceCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.gateway.persistence.DataSourceRecord;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.OutboxRepository;
import dev.tributary.gateway.persistence.PolicyRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes the messages of governed data to the outbox, in the caller's transaction: an {@code ApplyGovernance}
 * command per change and integration, and a {@code DataSourceChanged} event per data source that changed. The caller
 * wakes the relay once its transaction has committed.
 */
@ApplicationScoped
public class GovernanceOutbox {
    @Inject
    OutboxRepository outbox;
    @Inject
    IntegrationService integrations;
    @Inject
    SecretSealer sealer;

    @ConfigProperty(name = "tributary.operation-timeout", defaultValue = "10m")
    Duration operationTimeout;

    /**
     * Queues {@code change} for the integration's target, with its system account sealed for this command alone
     * (views are owned by it, and it writes the users' entries). Returns the command's operation id.
     */
    public UUID command(IntegrationRecord integration, GovernanceChange change) {
        Credentials account = integrations.systemAccount(integration).orElseThrow(() -> new IllegalStateException(
                "integration " + integration.id() + " has no system account to govern as"));
        UUID operationId = UUID.randomUUID();
        String id = integration.idText();
        String sealed = sealer.seal(Json.write(account), SealingContext.commandCredentials(id, operationId, integration.spec()));
        outbox.append(Topics.COMMANDS, Envelope.of(MessageTypes.APPLY_GOVERNANCE, id, operationId, new GovernanceCommand(
                integration.spec(), sealed, Instant.now().plus(operationTimeout), integration.databaseMode(), change)));
        return operationId;
    }

    /** Announces a data source's new state, with the policies on it in the order their rules combine. */
    public void dataSourceChanged(DataSourceRecord dataSource, List<PolicyRecord> policies, UUID operationId) {
        outbox.append(Topics.EVENTS, Envelope.of(MessageTypes.DATA_SOURCE_CHANGED, dataSource.integrationIdText(), operationId,
                new DataSourceChanged(dataSource.id(), dataSource.database(), dataSource.schemaName(), dataSource.tableName(),
                        dataSource.viewSchema(), dataSource.viewName(), dataSource.status().wireName(), dataSource.message(),
                        policies.stream().map(policy -> new DataSourceChanged.PolicySummary(policy.id(), policy.name())).toList())));
    }
}
