package dev.tributary.status.observability;

import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.status.persistence.StatusViewRepository;
import dev.tributary.status.persistence.StatusViewRepository.Fleet;
import dev.tributary.status.stream.ViewChanges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The status-service's own metrics (Prometheus names in docs/operations.md, "Alerts"). What the view holds (integrations
 * by status and type, the oldest operation in flight) is read by one GROUP BY every {@code tributary.view-metrics.refresh},
 * not per event: the fold stays as fast without them, and every instance reports the same shared view (alert on
 * their max). The rest is this instance's: events folded and dead-lettered, the view's lag, the open streams.
 */
@Startup // the meters are on /q/metrics from the start, before the first event or scrape
@ApplicationScoped
public class ViewMetrics {
    private static final Logger LOG = Logger.getLogger(ViewMetrics.class);

    @Inject
    MeterRegistry registry;
    @Inject
    StatusViewRepository view;
    @Inject
    ViewChanges changes;

    private final Instant started = Instant.now();
    /**
     * The newest occurredAt in the last batch folded here, null before the first: the last batch rather than all of
     * them, so that one event stamped by a clock ahead cannot hide a lag for longer than a batch.
     */
    private final AtomicReference<Instant> newestFolded = new AtomicReference<>();
    /** When the oldest operation in flight started, as of the last refresh; null when none is. */
    private final AtomicReference<Instant> oldestOperationStart = new AtomicReference<>();
    private Counter folded;
    private Counter deadLettered;
    private MultiGauge integrations;

    @PostConstruct
    void register() {
        folded = Counter.builder("tributary.events.folded")
                .description("Events of integration.events folded into the view by this instance (repeats included)")
                .register(registry);
        deadLettered = Counter.builder("tributary.events.dead.lettered")
                .description("Events this instance could not fold and dead-lettered on integration.events.dlq")
                .register(registry);
        Gauge.builder("tributary.view.lag", this, ViewMetrics::lagSeconds).baseUnit("seconds")
                .description("Age of the newest event of the last batch folded here (its occurredAt), or the time since start before the first")
                .register(registry);
        Gauge.builder("tributary.oldest.operation.age", this, ViewMetrics::oldestOperationAgeSeconds).baseUnit("seconds")
                .description("How long the oldest operation in flight has run, 0 when none is (from the view)")
                .register(registry);
        Gauge.builder("tributary.streams.open", changes, ViewChanges::listeners)
                .description("Live streams (GET /stream) open on this instance").register(registry);
        integrations = MultiGauge.builder("tributary.integrations")
                .description("Integrations in the view by status and type").register(registry);
    }

    /** The projector has committed a batch of {@code count} events, the newest of them from {@code newest}. */
    public void folded(int count, Instant newest) {
        folded.increment(count);
        newestFolded.set(newest); // batches are folded one after the other, on the channel's one consumer
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    /**
     * Re-reads the counts and the oldest operation. Every known status and type is reported, 0 when none has it, so
     * a series does not vanish when its last integration moves on.
     */
    @Scheduled(every = "${tributary.view-metrics.refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        Fleet fleet;
        try {
            fleet = view.fleet();
        } catch (RuntimeException e) { // the database away: the last figures stay until the next refresh
            LOG.warnf("cannot read the view's counts for the metrics: %s", e.getMessage());
            return;
        }
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        for (IntegrationStatus status : IntegrationStatus.values()) {
            for (IntegrationType type : IntegrationType.values()) {
                counts.put(List.of(status.wireName(), type.wireName()), 0L);
            }
        }
        counts.putAll(fleet.counts());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((key, count) -> rows.add(MultiGauge.Row.of(Tags.of("status", key.get(0), "type", key.get(1)), count)));
        integrations.register(rows, true);
        oldestOperationStart.set(fleet.oldestOperationStart().orElse(null));
    }

    private double lagSeconds() {
        Instant newest = Optional.ofNullable(newestFolded.get()).orElse(started);
        return Math.max(0, Duration.between(newest, Instant.now()).toMillis() / 1000.0);
    }

    private double oldestOperationAgeSeconds() {
        Instant start = oldestOperationStart.get();
        return start == null ? 0 : Math.max(0, Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }
}
