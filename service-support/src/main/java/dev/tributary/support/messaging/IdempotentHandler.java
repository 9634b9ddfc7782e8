package dev.tributary.support.messaging;

import org.jboss.logging.Logger;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.support.claims.DeadlinePassedException;
import dev.tributary.support.claims.WorkClaim;
import dev.tributary.support.claims.WorkClaims;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.persistence.ProcessedMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Handles each message once, even when Kafka delivers it again, or to two instances at once. The first handling
 * claims the message ({@link WorkClaims}), records what it will publish under the message's id, then publishes it; a
 * redelivery waits while the claim is held and then republishes the recorded records (same ids, which consumers
 * downstream drop) instead of doing the work again, which could now come out differently.
 */
@ApplicationScoped
public class IdempotentHandler {
    private static final Logger LOG = Logger.getLogger(IdempotentHandler.class);

    @Inject
    ProcessedMessages processed;
    @Inject
    EventPublisher publisher;
    @Inject
    WorkClaims claims;

    /**
     * Handles {@code message} unless it was handled before. {@code work} runs under this instance's claim on the
     * message and calls {@link WorkClaim#checkBeforeStep()} before each side effect; {@code deadline} (null for
     * none) is the operation's.
     */
    public void handle(Envelope message, Instant deadline, Function<WorkClaim, List<Outgoing>> work) {
        String description = "integration " + message.integrationId() + ": " + message.type() + " " + message.messageId();
        Retries.withBackoff("handling " + message.type() + " " + message.messageId(), () -> {
            Optional<List<Outgoing>> earlier = processed.outputsOf(message.messageId());
            if (earlier.isPresent()) {
                publish(message, earlier.get());
                return;
            }
            WorkClaim claim;
            try {
                claim = claims.claim(message.messageId(), deadline, description);
            } catch (DeadlinePassedException e) {
                // the instance holding it decides, and says so; waiting on would only hold up this partition
                LOG.warnf("%s: gave up waiting for the instance carrying it out: %s", description, e.getMessage());
                return;
            }
            // the claim is held until the outputs are on the broker, so a delivery that waited for it finds them
            // recorded, and its republish comes behind the originals
            try (claim) {
                // another instance may have finished it while this one waited for the claim
                earlier = processed.outputsOf(message.messageId());
                publish(message, earlier.isPresent() ? earlier.get() : handleFirst(message, claim, work));
            }
        });
    }

    private void publish(Envelope message, List<Outgoing> outputs) {
        publisher.publish(outputs);
        // the broker has the records now: what they carried sealed need not be kept for a republish
        processed.forgetSealedValues(message.messageId());
    }

    private List<Outgoing> handleFirst(Envelope message, WorkClaim claim, Function<WorkClaim, List<Outgoing>> work) {
        long started = System.nanoTime();
        List<Outgoing> outputs = unsealing(() -> work.apply(claim));
        claim.checkStillHeld();
        if (!processed.complete(message.messageId(), outputs)) {
            // only possible if the claim was lost between the check and the insert: the recorded outcome is the one
            LOG.warnf("integration %s: %s %s was recorded by another instance first; publishing its outputs",
                    message.integrationId(), message.type(), message.messageId());
            return processed.outputsOf(message.messageId()).orElseThrow();
        }
        LOG.infof("integration %s: handled %s in %d ms", message.integrationId(), message.type(),
                (System.nanoTime() - started) / 1_000_000);
        return outputs;
    }

    /** A sealed value this service cannot open will never open: the message is unusable, not the moment. */
    private static <T> T unsealing(Supplier<T> work) {
        try {
            return work.get();
        } catch (SecretSealer.SealingException e) {
            throw new MalformedMessageException("a sealed value cannot be opened: " + e.getMessage());
        }
    }
}
