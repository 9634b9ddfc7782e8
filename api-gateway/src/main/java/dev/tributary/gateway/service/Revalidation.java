package dev.tributary.gateway.service;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.RevalidationRequest;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.gateway.messaging.OutboxRelay;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.gateway.persistence.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * Re-validates every enabled integration periodically ({@code tributary.revalidation-interval}) as its system
 * account. A failed check moves it to recurringValidationError with the message; passing again restores enabled.
 * The validation-worker signs in as {@link dev.tributary.contracts.payload.IntegrationSpec#systemAccountTarget} says:
 * with the account's password after an automatic setup (also one that signed in through Okta), through Okta with the
 * stored Okta credentials after a manual Okta setup.
 */
@ApplicationScoped
public class Revalidation {
    @Inject
    IntegrationRepository integrations;
    @Inject
    IntegrationService service;
    @Inject
    OutboxRepository outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    SecretSealer sealer;

    @Scheduled(every = "${tributary.revalidation-interval:1h}", delayed = "${tributary.revalidation-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void revalidateAll() {
        for (IntegrationRecord record : integrations.findForRevalidation()) {
            UUID operationId = UUID.randomUUID();
            service.systemAccount(record).ifPresent(account -> QuarkusTransaction.requiringNew().run(() ->
                    outbox.append(Topics.COMMANDS, Envelope.of(MessageTypes.REVALIDATE_INTEGRATION, record.idText(),
                            operationId, new RevalidationRequest(record.spec(), sealer.seal(Json.write(account),
                                    SealingContext.revalidationCredentials(record.idText(), operationId, record.spec())))))));
        }
        relay.wakeUp();
    }
}
