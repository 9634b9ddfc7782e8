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
import io.smallrye.faulttolerance.api.Guard;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Moves outbox rows to Kafka, oldest first, and deletes them once the broker has acknowledged them. A request
 * wakes the relay right after its commit; a poll catches anything else (rows left by a crash, another instance).
 * A crash after sending but before deleting sends the rows again with the same message ids; consumers drop them.
 *
 * <p>Checks ({@code integration.checks}) go out only when nothing else waits, in small batches: a sweep writes
 * hundreds at once, and a user's command written meanwhile then waits for one such batch at most instead of the
 * whole sweep. Topics keep no order between them, so holding checks back reorders nothing a consumer sees.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH_SIZE = 500;
    private static final int CHECK_BATCH_SIZE = 50;

    @Inject
    OutboxRepository outbox;

    @Inject
    EventPublisher publisher;

    /** How often the relay looks at the outbox when no request woke it (rows left by a crash or another instance). */
    @ConfigProperty(name = "tributary.outbox.poll-interval", defaultValue = "500ms")
    Duration pollInterval;

    /**
     * While the broker or the database is away the relay retries for as long as it runs (the outbox keeps every
     * accepted request), waiting 1 s after the first failure and twice as long after each next one, up to half a minute.
     * Programmatic, because the relay's own thread calls {@link #relayBatch()}, not a client through a CDI proxy.
     */
    private final Guard untilRelayed = Guard.create()
            .withRetry()
            .maxRetries(-1).maxDuration(0, ChronoUnit.MILLIS) // no limit on either
            .delay(1, ChronoUnit.SECONDS).jitter(0, ChronoUnit.MILLIS)
            .withExponentialBackoff().factor(2).maxDelay(30, ChronoUnit.SECONDS).done()
            .beforeRetry(failure -> LOG.warnf("outbox relay failed, retrying: %s", failure.getMessage()))
            .done()
            .build();

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
        while (running) {
            try {
                if (!untilRelayed.call(this::relayBatch, Boolean.class)) {
                    wakeUps.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    wakeUps.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // the retries end only when a pause between them is interrupted, which is the shutdown
                if (!running) {
                    return;
                }
                LOG.errorf(e, "outbox relay gave up a batch; starting over");
            }
        }
    }

    /** Relays one batch; returns whether it was full, so that more may be waiting. */
    boolean relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!outbox.tryLockRelay()) {
                return false;
            }
            List<OutboxMessage> batch = outbox.oldestExcept(Topics.CHECKS, BATCH_SIZE);
            int full = BATCH_SIZE;
            if (batch.isEmpty()) {
                batch = outbox.oldestOf(Topics.CHECKS, CHECK_BATCH_SIZE);
                full = CHECK_BATCH_SIZE;
            }
            if (batch.isEmpty()) {
                return false;
            }
            // an operation's events go out before its commands, so no worker's answer can overtake OperationStarted
            List<Outgoing> records = batch.stream().map(OutboxRelay::toRecord).toList();
            publisher.publish(records.stream().filter(record -> record.topic().equals(Topics.EVENTS)).toList());
            publisher.publish(records.stream().filter(record -> !record.topic().equals(Topics.EVENTS)).toList());
            outbox.delete(batch);
            return batch.size() == full;
        });
    }

    private static Outgoing toRecord(OutboxMessage message) {
        Map<String, String> headers = new HashMap<>(message.traceHeaders());
        headers.put(EnvelopeCodec.HEADER_MESSAGE_ID, message.messageId().toString());
        headers.put(EnvelopeCodec.HEADER_MESSAGE_TYPE, message.type());
        return new Outgoing(message.topic(), message.key(), Map.copyOf(headers), message.payload());
    }
}
