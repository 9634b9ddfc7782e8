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
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.gateway.service.OperationMetrics;
import dev.tributary.support.persistence.ProcessedMessages;
import dev.tributary.support.messaging.Retries;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;
import java.util.Set;

/**
 * Keeps the registry in step with what the workers report on {@code integration.events}: validation results, the
 * system account, and the end of each operation. A malformed record goes to the dead-letter topic; a redelivered
 * one changes nothing; an event of an operation that is no longer current is ignored.
 */
@ApplicationScoped
public class RegistryEventConsumer {
    private static final Logger LOG = Logger.getLogger(RegistryEventConsumer.class);
    /**
     * The events {@link #apply} uses. The others (steps, the gateway's own OperationStarted) change nothing, so they
     * are passed over without a transaction or a processed-message row: most of the topic, and a commit each.
     */
    private static final Set<String> APPLIED = Set.of(MessageTypes.VALIDATION_COMPLETED,
            MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, MessageTypes.OPERATION_SUCCEEDED, MessageTypes.OPERATION_FAILED,
            MessageTypes.PROVIDER_STATUS_CHANGED, MessageTypes.REVALIDATION_COMPLETED);

    @Inject
    IntegrationRepository integrations;
    @Inject
    ProcessedMessages processed;
    @Inject
    MessageTracing tracing;
    @Inject
    OperationMetrics metrics;

    @Incoming("events")
    @Blocking
    public void onEvent(ConsumerRecord<String, String> record) {
        Envelope event = EnvelopeCodec.decodeChecked(record.value(), Topics.EVENTS);
        long id = integrationId(event);
        if (!APPLIED.contains(event.type())) {
            return;
        }
        tracing.handle(record, event, () -> Retries.withBackoff("registry update for " + event.type(),
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    if (processed.add(event.messageId())) {
                        apply(id, event);
                    }
                })));
    }

    private void apply(long id, Envelope event) {
        switch (event.type()) {
            case MessageTypes.VALIDATION_COMPLETED -> {
                ValidationCompleted validation = event.payloadAs(ValidationCompleted.class);
                boolean recorded = integrations.recordValidation(id, event.operationId(), validation.validationResults(),
                        validation.operation().failed());
                if (recorded && !validation.validationResults().allowsSetup()) {
                    // a failed validation ends the operation here; the OperationFailed that follows finds it closed
                    integrations.findIncludingDeleted(id).ifPresent(record ->
                            metrics.finished(record.spec().type(), validation.operation(), false));
                }
            }
            case MessageTypes.SYSTEM_ACCOUNT_PROVISIONED -> {
                SystemAccountProvisioned account = event.payloadAs(SystemAccountProvisioned.class);
                integrations.recordSystemAccount(id, account.username(), account.sealedPassword());
            }
            case MessageTypes.OPERATION_SUCCEEDED, MessageTypes.OPERATION_FAILED -> {
                OperationFinished finished = event.payloadAs(OperationFinished.class);
                boolean succeeded = event.type().equals(MessageTypes.OPERATION_SUCCEEDED);
                Optional<IntegrationRecord> before = integrations.findIncludingDeleted(id);
                if (integrations.finishOperation(id, event.operationId(), finished.status(), finished.message(), succeeded)) {
                    LOG.infof("integration %d: %s ended %s%s", id, finished.operation().wireName(), finished.status().wireName(),
                            finished.message() == null ? "" : ": " + finished.message());
                    before.ifPresent(record -> metrics.finished(record.spec().type(), finished.operation(), succeeded));
                }
            }
            case MessageTypes.PROVIDER_STATUS_CHANGED -> {
                ProviderStatusChanged provider = event.payloadAs(ProviderStatusChanged.class);
                integrations.recordProviderStatus(id, provider.integrationArn(), provider.providerStatus());
            }
            case MessageTypes.REVALIDATION_COMPLETED -> {
                RevalidationCompleted check = event.payloadAs(RevalidationCompleted.class);
                integrations.recordRevalidation(id, check.validationResults());
            }
            default -> {
                // APPLIED lets only the cases above through
            }
        }
    }

    private static long integrationId(Envelope event) {
        try {
            return Long.parseLong(event.integrationId());
        } catch (NumberFormatException e) {
            throw new MalformedMessageException("integrationId is not a registry id: " + event.integrationId());
        }
    }
}
