package dev.tributary.gateway.messaging;

import dev.tributary.contracts.Topics;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The purge against the test broker, on {@code integration.bootstrap} read by two groups: the bootstrap-worker's and,
 * in this test, an auditor's. Each group's commits are set by hand; nothing else reads or purges that topic here.
 */
@QuarkusTest
@TestProfile(CredentialTopicPurgeTest.TwoReaders.class)
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway_purge"))
class CredentialTopicPurgeTest {
    private static final String WORKER = "bootstrap-worker";
    private static final String AUDITOR = "purge-test-auditor";
    private static final TopicPartition P0 = new TopicPartition(Topics.BOOTSTRAP, 0);
    private static final TopicPartition P1 = new TopicPartition(Topics.BOOTSTRAP, 1);
    private static final TopicPartition P2 = new TopicPartition(Topics.BOOTSTRAP, 2);

    public static class TwoReaders implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tributary.credential-purge.readers.\"" + Topics.BOOTSTRAP + "\"", WORKER + "," + AUDITOR);
        }
    }

    @Inject
    CredentialTopicPurge purge;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aPurgeDeletesWhatEveryReaderGroupCommittedPastAndKeepsWhatOneHasNot() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Map<TopicPartition, Long> end = offsets(admin, OffsetSpec.latest());
            sendTen(List.of(P0, P1, P2));
            commit(admin, WORKER, Map.of(P0, end.get(P0) + 8, P1, end.get(P1) + 10)); // nothing on P2 yet
            commit(admin, AUDITOR, Map.of(P0, end.get(P0) + 5, P1, end.get(P1) + 10, P2, end.get(P2) + 10));
            Map<TopicPartition, Long> first = offsets(admin, OffsetSpec.earliest());
            double countedBefore = counted();

            Map<String, Long> deleted = purge.purge();

            Map<TopicPartition, Long> after = offsets(admin, OffsetSpec.earliest());
            assertEquals(end.get(P0) + 5, after.get(P0), "up to what the slower reader committed");
            assertEquals(end.get(P1) + 10, after.get(P1), "everything both readers have read");
            assertEquals(first.get(P2), after.get(P2), "a reader that committed nothing holds the partition whole");
            long expected = after.get(P0) - first.get(P0) + after.get(P1) - first.get(P1);
            assertEquals(expected, deleted.get(Topics.BOOTSTRAP));
            assertEquals(countedBefore + expected, counted());

            assertFalse(purge.purge().containsKey(Topics.BOOTSTRAP), "a second purge finds nothing more to delete");
        }
    }

    @Test
    void purgesRunningAtOnceDeleteNothingThatAReaderHasNotRead() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Map<TopicPartition, Long> end = offsets(admin, OffsetSpec.latest());
            sendTen(List.of(P0));
            commit(admin, WORKER, Map.of(P0, end.get(P0) + 6));
            commit(admin, AUDITOR, Map.of(P0, end.get(P0) + 9));

            // as several gateway instances would, each on its own schedule
            ExecutorService instances = Executors.newFixedThreadPool(3);
            try {
                Callable<Map<String, Long>> run = purge::purge;
                for (Future<Map<String, Long>> purged : instances.invokeAll(List.of(run, run, run))) {
                    purged.get(60, TimeUnit.SECONDS);
                }
            } finally {
                instances.shutdownNow();
            }
            assertEquals(end.get(P0) + 6, offsets(admin, OffsetSpec.earliest()).get(P0));
        }
    }

    private double counted() {
        return registry.counter("tributary.credential.records.deleted", "topic", Topics.BOOTSTRAP).count();
    }

    private void sendTen(List<TopicPartition> partitions) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers,
                "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName()))) {
            for (TopicPartition partition : partitions) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "purge-test", "work " + i))
                            .get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static void commit(Admin admin, String group, Map<TopicPartition, Long> offsets) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        offsets.forEach((partition, offset) -> committed.put(partition, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(group, committed).all().get(30, TimeUnit.SECONDS);
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>(Map.of(P0, spec, P1, spec, P2, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }
}
