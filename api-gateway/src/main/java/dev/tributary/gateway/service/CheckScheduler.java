package dev.tributary.gateway.service;

import dev.tributary.gateway.messaging.OutboxRelay;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.gateway.persistence.IntegrationRepository.CheckCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The periodic checks of the whole deployment, however many gateway instances run: each integration has its next
 * check time in the registry ({@code next_check_at}); every tick, each instance claims due rows in batches
 * ({@code FOR UPDATE SKIP LOCKED}, so no row is claimed twice and no instance waits for another) and queues their
 * checks on {@code integration.checks} through the outbox in the claim's transaction. An integration whose check is
 * still in flight, or that runs an operation, is not claimed; a check unanswered for
 * {@code tributary.checks.in-flight-timeout} counts as lost. Exports {@code tributary_checks_due} and
 * {@code tributary_checks_in_flight}, counted once per tick (not per scrape, so that scrapes never load the database).
 */
@ApplicationScoped
public class CheckScheduler {
    private static final Logger LOG = Logger.getLogger(CheckScheduler.class);

    @Inject
    IntegrationRepository integrations;
    @Inject
    Revalidation revalidation;
    @Inject
    OutboxRelay relay;
    @Inject
    CheckSchedulerConfig config;

    /** How long from one periodic check of an integration to its next. */
    @ConfigProperty(name = "tributary.revalidation-interval", defaultValue = "1h")
    Duration interval;

    private final AtomicLong due = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();

    void start(@Observes StartupEvent startup, MeterRegistry registry) {
        require(config.batchSize() >= 1, "tributary.checks.batch-size", "at least 1", config.batchSize());
        require(config.maxInFlight() >= 1, "tributary.checks.max-in-flight", "at least 1", config.maxInFlight());
        require(config.jitter() >= 0 && config.jitter() < 1, "tributary.checks.jitter", "from 0 to below 1", config.jitter());
        require(positive(config.inFlightTimeout()), "tributary.checks.in-flight-timeout", "positive", config.inFlightTimeout());
        require(positive(interval), "tributary.revalidation-interval", "positive", interval);
        Gauge.builder("tributary.checks.due", due, AtomicLong::get)
                .description("integrations whose periodic check is due and not in flight (as of this instance's last tick)")
                .register(registry);
        Gauge.builder("tributary.checks.in.flight", inFlight, AtomicLong::get)
                .description("checks sent and not answered yet, nor lost (as of this instance's last tick)")
                .register(registry);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean holds, String setting, String rule, Object value) {
        if (!holds) {
            throw new IllegalStateException(setting + " must be " + rule + "; it is " + value);
        }
    }

    @Scheduled(every = "${tributary.checks.tick}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        claimDue();
    }

    /**
     * One round: schedules the first check of integrations that have none yet, then claims due ones batch by batch
     * until none is due or {@code tributary.checks.max-in-flight} checks are in flight. Returns how many it claimed.
     */
    public int claimDue() {
        QuarkusTransaction.requiringNew().run(() -> integrations.scheduleFirstChecks(interval));
        int claimed = 0;
        while (true) {
            // counted again before each batch: other instances claim meanwhile, and the bound is the deployment's
            long room = config.maxInFlight() - counts().inFlight();
            if (room <= 0) {
                break;
            }
            int limit = (int) Math.min(config.batchSize(), room);
            int batch = QuarkusTransaction.requiringNew().call(() -> claimBatch(limit));
            if (batch > 0) {
                relay.wakeUp();
            }
            claimed += batch;
            if (batch < limit) {
                break;
            }
        }
        CheckCounts after = counts();
        due.set(after.due());
        inFlight.set(after.inFlight());
        if (claimed > 0) {
            LOG.debugf("queued %d periodic checks; %d due, %d in flight", claimed, after.due(), after.inFlight());
        }
        return claimed;
    }

    private int claimBatch(int limit) {
        List<Long> ids = integrations.claimDueChecks(limit, interval, config.jitter(), config.inFlightTimeout());
        if (!ids.isEmpty()) {
            revalidation.queueScheduled(integrations.findAll(ids));
        }
        return ids.size();
    }

    private CheckCounts counts() {
        return QuarkusTransaction.requiringNew().call(() -> integrations.checkCounts(config.inFlightTimeout()));
    }

    /**
     * Makes every checkable integration's check due now ({@code POST /checks/sweep}); the next ticks claim them,
     * within the in-flight bound. Returns how many were made due.
     */
    public int sweep() {
        int made = QuarkusTransaction.requiringNew().call(() -> integrations.makeChecksDue());
        LOG.infof("sweep: the checks of %d integrations are due now", made);
        return made;
    }
}
