package dev.tributary.gateway.messaging;

import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.gateway.persistence.OutboxRepository;
import dev.tributary.gateway.persistence.OutboxRepository.OutboxMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Moves outbox rows to Kafka, oldest first, and deletes them once the broker has acknowledged them. A request
 * wakes the relay right after its commit; a poll catches anything else (rows left by a crash, another instance).
 * A crash after sending but before deleting sends the rows again with the same message ids; consumers drop them.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH_SIZE = 500;

    @Inject
    OutboxRepository outbox;

    @Inject
    @Channel("outbox")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<String> emitter;

    @ConfigProperty(name = "tributary.outbox.poll-interval", defaultValue = "500ms")
    Duration pollInterval;

    @ConfigProperty(name = "tributary.outbox.send-timeout", defaultValue = "30s")
    Duration sendTimeout;

    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;

    void start(@Observes StartupEvent startup) {
        running = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** Asks the relay to look at the outbox now instead of at its next poll. */
    public void wakeUp() {
        wakeUps.release();
    }

    private void run() {
        while (running) {
            try {
                if (relayBatch() < BATCH_SIZE) {
                    wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay failed, retrying: %s", e.getMessage());
                sleepQuietly(Duration.ofSeconds(1));
            }
        }
    }

    /** Relays one batch; returns how many messages it sent. */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!outbox.tryLockRelay()) {
                return 0;
            }
            List<OutboxMessage> batch = outbox.oldest(BATCH_SIZE);
            if (batch.isEmpty()) {
                return 0;
            }
            List<Uni<Void>> sends = batch.stream().map(message -> emitter.sendMessage(toKafka(message))).toList();
            Uni.join().all(sends).andFailFast().await().atMost(sendTimeout);
            outbox.delete(batch);
            return batch.size();
        });
    }

    private static Message<String> toKafka(OutboxMessage message) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EnvelopeCodec.HEADER_MESSAGE_ID, message.messageId().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(EnvelopeCodec.HEADER_MESSAGE_TYPE, message.type().getBytes(StandardCharsets.UTF_8));
        return Message.of(message.payload()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(message.topic())
                .withKey(message.key())
                .withHeaders(headers)
                .build());
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
