package dev.tributary.gateway.service;

import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Lets a create answer with the validation results, as the API promises, without holding a transaction: it reads
 * the registry, which the event consumer of whichever gateway instance receives the results updates.
 */
@ApplicationScoped
public class ValidationWait {
    private static final Duration POLL = Duration.ofMillis(20);

    @Inject
    IntegrationRepository integrations;

    @ConfigProperty(name = "tributary.validation-wait", defaultValue = "10s")
    Duration validationWait;

    public Duration limit() {
        return validationWait;
    }

    /** The integration once its validation results are in, or as it stands when the wait runs out. */
    public IntegrationRecord await(long id) {
        return await(id, record -> record.validationResults() != null);
    }

    /** The integration once the result of check {@code checkId} is recorded, or as it stands when the wait runs out. */
    public IntegrationRecord awaitCheck(long id, UUID checkId) {
        return await(id, record -> checkId.equals(record.lastCheckId()));
    }

    private IntegrationRecord await(long id, Predicate<IntegrationRecord> done) {
        Instant deadline = Instant.now().plus(validationWait);
        while (true) {
            IntegrationRecord record = integrations.findIncludingDeleted(id).orElseThrow(() -> new IntegrationNotFoundException(Long.toString(id)));
            if (done.test(record) || !Instant.now().isBefore(deadline)) {
                return record;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return record;
            }
        }
    }
}
