package dev.tributary.support.messaging;

import org.jboss.logging.Logger;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.persistence.ProcessedMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Handles each message once, even when Kafka delivers it again. The first handling records what it will publish,
 * under the message's id, before publishing it; a redelivery republishes the recorded records (same ids, which
 * consumers downstream drop) instead of doing the work again, which could now come out differently.
 */
@ApplicationScoped
public class IdempotentHandler {
    private static final Logger LOG = Logger.getLogger(IdempotentHandler.class);

    @Inject
    ProcessedMessages processed;
    @Inject
    EventPublisher publisher;

    public void handle(Envelope message, Supplier<List<Outgoing>> work) {
        Retries.withBackoff("handling " + message.type() + " " + message.messageId(), () -> {
            Optional<List<Outgoing>> earlier = processed.outputsOf(message.messageId());
            List<Outgoing> outputs;
            if (earlier.isPresent()) {
                outputs = earlier.get();
            } else {
                long started = System.nanoTime();
                outputs = unsealing(work);
                processed.complete(message.messageId(), outputs);
                LOG.infof("integration %s: handled %s in %d ms", message.integrationId(), message.type(),
                        (System.nanoTime() - started) / 1_000_000);
            }
            publisher.publish(outputs);
        });
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
