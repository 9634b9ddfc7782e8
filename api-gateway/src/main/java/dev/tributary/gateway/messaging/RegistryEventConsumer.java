package dev.tributary.gateway.messaging;

import org.jboss.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import dev.tributary.support.observability.MessageTracing;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.ProviderStatusChanged;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.gateway.service.DataSources;
import dev.tributary.gateway.service.GovernedUsers;
import dev.tributary.gateway.service.OperationMetrics;
import dev.tributary.support.persistence.ProcessedMessages;
import dev.tributary.support.messaging.Retries;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Keeps the registry in step with what the workers report on {@code integration.events}: validation results, the
 * system account, the end of each operation, and the outcomes of governance changes (an integration that is created
 * gets every user's entry; one that is deleted or disabled releases its data sources). A malformed record goes to the dead-letter topic; a redelivered
 * one changes nothing; an event of an operation that is no longer current is ignored.
 */
@ApplicationScoped
public class RegistryEventConsumer {
    private static final Logger LOG = Logger.getLogger(RegistryEventConsumer.class);

    @Inject
    IntegrationRepository integrations;
    @Inject
    ProcessedMessages processed;
    @Inject
    MessageTracing tracing;
    @Inject
    OperationMetrics metrics;
    @Inject
    DataSources dataSources;
    @Inject
    GovernedUsers users;
    @Inject
    OutboxRelay relay;

    @Incoming("events")
    @Blocking
    public void onEvent(ConsumerRecord<String, String> record) {
        Envelope event = EnvelopeCodec.decodeChecked(record.value(), Topics.EVENTS);
        long id = integrationId(event);
        BiConsumer<Long, Envelope> change = changes.get(event.type());
        if (change == null) {
            return;
        }
        tracing.handle(record, event, () -> Retries.withBackoff("registry update for " + event.type(),
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    if (processed.add(event.messageId())) {
                        change.accept(id, event);
                    }
                })));
        relay.wakeUp(); // some changes queue governance messages
    }

    /**
     * What each event type changes in the registry. Types not listed (steps, the gateway's own OperationStarted)
     * change nothing, so they are passed over without a transaction or a processed-message row: most of the
     * topic, and a commit each.
     */
    private final Map<String, BiConsumer<Long, Envelope>> changes = Map.of(
            MessageTypes.VALIDATION_COMPLETED, this::recordValidation,
            MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, (id, event) -> {
                SystemAccountProvisioned account = event.payloadAs(SystemAccountProvisioned.class);
                if (!SecretSealer.isSealed(account.sealedPassword())) {
                    // a republished copy whose sealed value was already dropped must never replace the real one
                    throw new MalformedMessageException("the system account's password is not a sealed value");
                }
                integrations.recordSystemAccount(id, event.operationId(), account.username(), account.sealedPassword());
            },
            MessageTypes.OPERATION_SUCCEEDED, this::finishOperation,
            MessageTypes.OPERATION_FAILED, this::finishOperation,
            MessageTypes.PROVIDER_STATUS_CHANGED, (id, event) -> {
                ProviderStatusChanged provider = event.payloadAs(ProviderStatusChanged.class);
                integrations.recordProviderStatus(id, event.operationId(), provider.state());
            },
            MessageTypes.REVALIDATION_COMPLETED, (id, event) -> {
                RevalidationCompleted check = event.payloadAs(RevalidationCompleted.class);
                integrations.recordRevalidation(id, event.operationId(), check.validationResults(), check.supportObjectsVersion(),
                        check.provider());
                // answered, even where the result is not recorded (an operation started meanwhile): the scheduler may
                // check it again
                integrations.recordChecked(id, event.occurredAt());
            },
            MessageTypes.GOVERNANCE_APPLIED, (id, event) -> dataSources.recordOutcome(id, event));

    private void recordValidation(long id, Envelope event) {
        ValidationCompleted validation = event.payloadAs(ValidationCompleted.class);
        boolean recorded = integrations.recordValidation(id, event.operationId(), validation.validationResults(),
                validation.operation().failed(), validation.databaseMode());
        if (recorded && !validation.validationResults().allowsSetup()) {
            // a failed validation ends the operation here; the OperationFailed that follows finds it closed
            integrations.findIncludingDeleted(id).ifPresent(record ->
                    metrics.finished(record.spec().type(), validation.operation(), false));
        }
    }

    private void finishOperation(long id, Envelope event) {
        OperationFinished finished = event.payloadAs(OperationFinished.class);
        boolean succeeded = event.type().equals(MessageTypes.OPERATION_SUCCEEDED);
        Optional<IntegrationRecord> before = integrations.findIncludingDeleted(id);
        if (integrations.finishOperation(id, event.operationId(), finished.status(), finished.message(), succeeded,
                finished.supportObjectsVersion())) {
            LOG.infof("integration %d: %s ended %s%s", id, finished.operation().wireName(), finished.status().wireName(),
                    finished.message() == null ? "" : ": " + finished.message());
            before.ifPresent(record -> metrics.finished(record.spec().type(), finished.operation(), succeeded));
            if (succeeded && (finished.operation() == Operation.CREATE || finished.operation() == Operation.MIGRATE)) {
                // the target is governed from now on (created, or migrated to the entitlement tables): it gets every
                // user's entry
                integrations.find(id).filter(IntegrationRepository::governable).ifPresent(users::queueAllFor);
            }
        }
        if (RELEASED.contains(finished.status()) && integrations.findIncludingDeleted(id)
                .filter(record -> RELEASED.contains(record.status())).isPresent()) {
            // deleted or disabled (here or by the gateway itself): its data sources go with it
            dataSources.releaseAll(id, event.operationId());
        }
    }

    /** The statuses of an integration whose data sources are no longer governed. */
    private static final List<IntegrationStatus> RELEASED = List.of(IntegrationStatus.DELETED, IntegrationStatus.DISABLED);

    private static long integrationId(Envelope event) {
        try {
            return Long.parseLong(event.integrationId());
        } catch (NumberFormatException e) {
            throw new MalformedMessageException("integrationId is not a registry id: " + event.integrationId());
        }
    }
}
