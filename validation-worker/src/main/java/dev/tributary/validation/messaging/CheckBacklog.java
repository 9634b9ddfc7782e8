package dev.tributary.validation.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code tributary_check_backlog}: the records of integration.checks that the checks' consumer group has not committed
 * yet, summed over the topic's partitions (end offset − committed offset; a partition the group never committed counts
 * from its first record). It is the group's, so every instance reports the same figure. Read with the service's
 * {@link dev.tributary.support.messaging.KafkaAdmin} client.
 */
@ApplicationScoped
public class CheckBacklog {
    static final String BACKLOG = "tributary.check.backlog";
    private static final Logger LOG = Logger.getLogger(CheckBacklog.class);
    private static final long TIMEOUT_SECONDS = 10;

    @ConfigProperty(name = "mp.messaging.incoming.checks.topic")
    String topic;
    @ConfigProperty(name = "mp.messaging.incoming.checks.group.id")
    String group;
    @Inject
    Admin admin;
    @Inject
    MeterRegistry registry;

    /** Not a number until the first read answers, so a broker that never did is not taken for an empty backlog. */
    private final AtomicLong backlog = new AtomicLong(-1);

    @PostConstruct
    void start() {
        Gauge.builder(BACKLOG, backlog, value -> value.get() < 0 ? Double.NaN : value.get())
                .description("Records of integration.checks the checks' consumer group has not committed").register(registry);
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            backlog.set(read());
        } catch (ExecutionException e) {
            LOG.warnf("the check backlog could not be read; the gauge keeps its last value: %s", e.getCause().getMessage());
        } catch (TimeoutException e) {
            LOG.warnf("the check backlog could not be read within %d s; the gauge keeps its last value", TIMEOUT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The records not committed yet, summed over the partitions of the checks' topic. */
    long read() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic)
                .partitions().forEach(partition -> {
                    TopicPartition key = new TopicPartition(topic, partition.partition());
                    latest.put(key, OffsetSpec.latest());
                    earliest.put(key, OffsetSpec.earliest());
                });
        Map<TopicPartition, Long> ends = offsets(latest);
        Map<TopicPartition, Long> starts = offsets(earliest);
        Map<TopicPartition, OffsetAndMetadata> committed = committed();
        long total = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            long from = offset == null ? starts.get(end.getKey()) : offset.offset();
            total += Math.max(0, end.getValue() - from);
        }
        return total;
    }

    private Map<TopicPartition, Long> offsets(Map<TopicPartition, OffsetSpec> specs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(specs).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    /** A group that never committed may be unknown to the broker: it has committed nothing. */
    private Map<TopicPartition, OffsetAndMetadata> committed() throws InterruptedException, ExecutionException, TimeoutException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((partition, offset) -> {
                        if (offset != null && partition.topic().equals(topic)) {
                            offsets.put(partition, offset);
                        }
                    });
            return offsets;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }
}
