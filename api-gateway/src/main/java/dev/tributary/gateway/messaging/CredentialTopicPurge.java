package dev.tributary.gateway.messaging;

import dev.tributary.contracts.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeleteRecordsResult;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deletes the records of the credential-carrying topics ({@link Topics#CREDENTIAL_CARRYING}) that every consumer
 * group reading them has committed past, so that a credential stays on Kafka only until its work has been read: on
 * each partition, every record below the lowest offset its reader groups committed. A group that has committed
 * nothing on a partition holds that partition whole. Several gateway instances may purge at once: each deletes only
 * below offsets that every reader has committed, which only grow, and deleting below the log start again is a no-op.
 */
@ApplicationScoped
public class CredentialTopicPurge {
    /** {@code tributary_credential_records_deleted_total{topic}}. */
    static final String DELETED = "tributary.credential.records.deleted";
    private static final Logger LOG = Logger.getLogger(CredentialTopicPurge.class);
    private static final long TIMEOUT_SECONDS = 30;

    @Inject
    Admin admin;
    @Inject
    CredentialPurgeConfig config;
    @Inject
    MeterRegistry registry;

    /** A topic left out would keep its credentials; any other topic (events: the status view's history) must stay whole. */
    void checkTheReaders(@Observes StartupEvent start) {
        Set<String> configured = config.readers().keySet();
        if (!configured.equals(Set.copyOf(Topics.CREDENTIAL_CARRYING))) {
            throw new IllegalStateException("tributary.credential-purge.readers must name the reader groups of "
                    + Topics.CREDENTIAL_CARRYING + " and of no other topic; it names " + configured);
        }
        configured.forEach(topic -> registry.counter(DELETED, "topic", topic));
    }

    @Scheduled(every = "${tributary.credential-purge.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOnSchedule() {
        try {
            purge();
        } catch (ExecutionException e) {
            LOG.warnf("purging the credential topics failed; the next run tries again: %s", e.getCause().getMessage());
        } catch (TimeoutException e) {
            LOG.warnf("purging the credential topics took over %d s; the next run tries again", TIMEOUT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One purge; the number of records it deleted, by topic, for the topics it deleted any from. */
    public Map<String, Long> purge() throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> readByAll = readByEveryReader();
        if (readByAll.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        readByAll.keySet().forEach(partition -> earliest.put(partition, OffsetSpec.earliest()));
        Map<TopicPartition, Long> first = new HashMap<>();
        admin.listOffsets(earliest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((partition, info) -> first.put(partition, info.offset()));
        Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
        readByAll.forEach((partition, offset) -> {
            if (offset > first.get(partition)) {
                deletions.put(partition, RecordsToDelete.beforeOffset(offset));
            }
        });
        if (deletions.isEmpty()) {
            return Map.of();
        }
        DeleteRecordsResult result = admin.deleteRecords(deletions);
        Map<String, Long> deleted = new TreeMap<>();
        Map<TopicPartition, String> failed = new HashMap<>();
        for (Map.Entry<TopicPartition, KafkaFuture<DeletedRecords>> partition : result.lowWatermarks().entrySet()) {
            try {
                // how far the start moved since this purge looked: two instances purging a partition at once both count it
                long gone = partition.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).lowWatermark() - first.get(partition.getKey());
                if (gone > 0) {
                    deleted.merge(partition.getKey().topic(), gone, Long::sum);
                }
            } catch (ExecutionException e) {
                failed.put(partition.getKey(), e.getCause().getMessage());
            }
        }
        deleted.forEach((topic, count) -> registry.counter(DELETED, "topic", topic).increment(count));
        if (!deleted.isEmpty()) {
            LOG.infof("deleted the records every reader had read, by topic: %s", deleted);
        }
        if (!failed.isEmpty()) {
            LOG.warnf("could not delete the read records of %s: %s", failed.keySet(), failed.values().iterator().next());
        }
        return deleted;
    }

    /** By partition of each credential-carrying topic, the lowest offset its reader groups committed, when all did. */
    private Map<TopicPartition, Long> readByEveryReader() throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, List<String>> readers = config.readers();
        Map<String, TopicDescription> topics = admin.describeTopics(readers.keySet()).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, Set<TopicPartition>> readByGroup = new HashMap<>();
        readers.forEach((topic, groups) -> groups.forEach(group -> topics.get(topic).partitions().forEach(partition ->
                readByGroup.computeIfAbsent(group, g -> new HashSet<>()).add(new TopicPartition(topic, partition.partition())))));
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        readByGroup.forEach((group, partitions) -> specs.put(group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)));
        ListConsumerGroupOffsetsResult committed = admin.listConsumerGroupOffsets(specs);

        Map<TopicPartition, Long> lowest = new HashMap<>();
        Set<TopicPartition> held = new HashSet<>();
        for (Map.Entry<String, Set<TopicPartition>> group : readByGroup.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = committedOffsets(committed, group.getKey());
            for (TopicPartition partition : group.getValue()) {
                OffsetAndMetadata offset = offsets.get(partition);
                if (offset == null) {
                    held.add(partition);
                } else {
                    lowest.merge(partition, offset.offset(), Math::min);
                }
            }
        }
        lowest.keySet().removeAll(held);
        return lowest;
    }

    /** A group that never committed may be unknown to the broker: it has read nothing. */
    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(ListConsumerGroupOffsetsResult committed, String group)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return committed.partitionsToOffsetAndMetadata(group).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }
}
