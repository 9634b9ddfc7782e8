package dev.tributary.gateway.messaging;

import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.support.persistence.ProcessedMessages;
import dev.tributary.support.persistence.DatabaseException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps the registry in step with what the workers report on {@code integration.events}: validation results, the
 * system account, and the end of each operation. A malformed record goes to the dead-letter topic; a redelivered
 * one changes nothing; an event of an operation that is no longer current is ignored.
 */
@ApplicationScoped
public class RegistryEventConsumer {
    private static final Logger LOG = Logger.getLogger(RegistryEventConsumer.class);
    private static final int ATTEMPTS = 5;

    @Inject
    IntegrationRepository integrations;
    @Inject
    ProcessedMessages processed;

    @Incoming("events")
    @Blocking
    public void onEvent(String value) {
        Envelope event = EnvelopeCodec.decodeChecked(value);
        long id = integrationId(event);
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (processed.add(event.messageId())) {
                        apply(id, event);
                    }
                });
                return;
            } catch (DatabaseException e) {
                // the database is briefly unavailable: retry rather than dead-letter a good event
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("registry update failed (attempt %d), retrying: %s", attempt, e.getMessage());
                sleep(attempt * 500L);
            }
        }
    }

    private void apply(long id, Envelope event) {
        switch (event.type()) {
            case MessageTypes.VALIDATION_COMPLETED -> {
                ValidationCompleted validation = event.payloadAs(ValidationCompleted.class);
                integrations.recordValidation(id, event.operationId(), validation.validationResults(),
                        validation.operation().failed());
            }
            case MessageTypes.SYSTEM_ACCOUNT_PROVISIONED -> {
                SystemAccountProvisioned account = event.payloadAs(SystemAccountProvisioned.class);
                integrations.recordSystemAccount(id, account.username(), account.sealedPassword());
            }
            case MessageTypes.OPERATION_SUCCEEDED, MessageTypes.OPERATION_FAILED -> {
                OperationFinished finished = event.payloadAs(OperationFinished.class);
                integrations.finishOperation(id, event.operationId(), finished.status(), finished.message());
            }
            default -> {
                // other events (steps, the gateway's own OperationStarted) do not change the registry
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
