package dev.tributary.gateway.service;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.payload.IntegrationRequest;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.gateway.messaging.OutboxRelay;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.gateway.persistence.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Starts operations on integrations. Each one changes the registry and writes its messages to the outbox in one
 * transaction, so a crash can neither lose the command nor publish one the registry does not know.
 */
@ApplicationScoped
public class IntegrationService {
    @Inject
    IntegrationRepository integrations;
    @Inject
    OutboxRepository outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    SecretSealer sealer;

    @ConfigProperty(name = "tributary.operation-timeout", defaultValue = "10m")
    Duration operationTimeout;

    /** Registers a new integration and queues its creation. Throws a conflict if its target is taken. */
    public long create(IntegrationRequest request) {
        long id = QuarkusTransaction.requiringNew().call(() -> registerCreate(request));
        relay.wakeUp();
        return id;
    }

    private long registerCreate(IntegrationRequest request) {
        IntegrationSpec spec = request.spec();
        UUID operationId = UUID.randomUUID();
        OptionalLong inserted = integrations.insertIfTargetFree(spec, Operation.CREATE, operationId,
                Instant.now().plus(operationTimeout));
        if (inserted.isEmpty()) {
            String holder = integrations.liveIdForTarget(spec).stream().mapToObj(Long::toString).findFirst().orElse("?");
            throw new IntegrationConflictException(spec.type().wireName() + " integration already exists on "
                    + spec.config().targetDescription() + " (id = " + holder + ")");
        }
        String id = Long.toString(inserted.getAsLong());
        outbox.append(Topics.EVENTS, Envelope.of(MessageTypes.OPERATION_STARTED, id, operationId,
                new OperationStarted(Operation.CREATE, Operation.CREATE.inProgress(), spec.type(), spec.autoBootstrap(),
                        spec.config().targetDescription(), spec.config().redactedView())));
        outbox.append(Topics.COMMANDS, Envelope.of(MessageTypes.CREATE_INTEGRATION, id, operationId,
                new IntegrationCommand(Operation.CREATE, spec, sealer.seal(Json.write(request.credentials())))));
        return inserted.getAsLong();
    }

    public IntegrationRecord get(String id) {
        return parseId(id).flatMap(integrations::find).orElseThrow(() -> new IntegrationNotFoundException(id));
    }

    public List<IntegrationRecord> list() {
        return integrations.findAll();
    }

    private static Optional<Long> parseId(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
