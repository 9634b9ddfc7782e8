package dev.tributary.gateway.messaging;

import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.gateway.persistence.OutboxRepository;
import dev.tributary.gateway.persistence.OutboxRepository.OutboxMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import dev.tributary.support.messaging.EventPublisher;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    EventPublisher publisher;

    /** How often the relay looks at the outbox when no request woke it (rows left by a crash or another instance). */
    @ConfigProperty(name = "tributary.outbox.poll-interval", defaultValue = "500ms")
    Duration pollInterval;

    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;

    void start(@Observes StartupEvent startup, MeterRegistry registry) {
        Gauge.builder("tributary.outbox.backlog", outbox, repository -> {
            try {
                return repository.backlog();
            } catch (RuntimeException e) {
                return Double.NaN; // the database is away; health says so
            }
        }).description("messages written to the outbox and not yet relayed to Kafka").register(registry);
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
        int failures = 0;
        while (running) {
            try {
                if (relayBatch() < BATCH_SIZE) {
                    wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
                failures = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures++;
                // back off while the broker or the database is away, up to half a minute between attempts
                Duration pause = Duration.ofMillis(Math.min(30_000, 500L << Math.min(failures, 6)));
                LOG.warnf("outbox relay failed, retrying in %d ms: %s", pause.toMillis(), e.getMessage());
                sleepQuietly(pause);
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
            // an operation's events go out before its commands, so no worker's answer can overtake OperationStarted
            List<Outgoing> records = batch.stream().map(OutboxRelay::toRecord).toList();
            publisher.publish(records.stream().filter(record -> record.topic().equals(Topics.EVENTS)).toList());
            publisher.publish(records.stream().filter(record -> !record.topic().equals(Topics.EVENTS)).toList());
            outbox.delete(batch);
            return batch.size();
        });
    }

    private static Outgoing toRecord(OutboxMessage message) {
        Map<String, String> headers = new HashMap<>(message.traceHeaders());
        headers.put(EnvelopeCodec.HEADER_MESSAGE_ID, message.messageId().toString());
        headers.put(EnvelopeCodec.HEADER_MESSAGE_TYPE, message.type());
        return new Outgoing(message.topic(), message.key(), Map.copyOf(headers), message.payload());
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
