package dev.tributary.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.sandbox.testing.TopicRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile records on every topic a service reads: garbage, an unknown schema version, a message on the wrong topic,
 * missing headers, duplicates and stale events. Each is dead-lettered with its reason or is a no-op, and no
 * consumer stalls: every group's lag returns to zero.
 */
class HostileRecordsIT extends EndToEndTest {
    /** The consumer groups that must keep up, by the topic they read. */
    private static final Map<String, List<String>> GROUPS = Map.of(
            Topics.COMMANDS, List.of("validation-worker"),
            Topics.CHECKS, List.of("validation-worker-checks"),
            Topics.BOOTSTRAP, List.of("bootstrap-worker"),
            Topics.EVENTS, List.of("api-gateway", "status-service"),
            Topics.REQUESTS, List.of("api-gateway-front-door"));

    @Test
    void hostileRecordsAreDeadLetteredOrIgnoredAndNoConsumerFallsBehind() throws Exception {
        String marker = "hostile-" + UUID.randomUUID();
        String id = "9" + (System.nanoTime() % 100_000_000L);
        Envelope stale = Envelope.of(MessageTypes.OPERATION_FAILED, id, UUID.randomUUID(),
                OperationFinished.failed(Operation.CREATE, marker));
        ObjectNode futureVersion = (ObjectNode) Json.tree(stale);
        futureVersion.put("schemaVersion", 42).put("messageId", UUID.randomUUID().toString());
        Envelope misplaced = Envelope.of(MessageTypes.OPERATION_STARTED, id, UUID.randomUUID(), Json.read("{}"));

        for (String topic : List.of(Topics.COMMANDS, Topics.CHECKS, Topics.BOOTSTRAP, Topics.EVENTS, Topics.API_KEYS)) {
            TopicRecords.send(system.bootstrapServers(), topic, id, marker + " is not JSON {", Map.of());
            TopicRecords.send(system.bootstrapServers(), topic, id, Json.write(futureVersion), Map.of());
            TopicRecords.send(system.bootstrapServers(), topic, id, null, Map.of()); // an empty value (a tombstone)
        }
        TopicRecords.send(system.bootstrapServers(), Topics.COMMANDS, id, EnvelopeCodec.encode(misplaced), EnvelopeCodec.headers(misplaced));
        TopicRecords.send(system.bootstrapServers(), Topics.REQUESTS, "caller", marker + " no correlation id", Map.of());
        for (int copy = 0; copy < 3; copy++) { // a stale event for an unknown integration, three times
            TopicRecords.send(system.bootstrapServers(), Topics.EVENTS, id, EnvelopeCodec.encode(stale), EnvelopeCodec.headers(stale));
        }

        // each unreadable record is on its topic's dead-letter topic, with a reason
        for (String topic : List.of(Topics.COMMANDS, Topics.CHECKS, Topics.BOOTSTRAP, Topics.EVENTS, Topics.API_KEYS, Topics.REQUESTS)) {
            ConsumerRecord<String, String> dead = TopicRecords.await(system.bootstrapServers(), Topics.deadLetter(topic),
                    record -> String.valueOf(record.value()).startsWith(marker), Duration.ofSeconds(60));
            assertFalse(TopicRecords.header(dead, "dead-letter-reason").isBlank(), "a reason on " + Topics.deadLetter(topic));
        }
        assertTrue(TopicRecords.await(system.bootstrapServers(), Topics.deadLetter(Topics.COMMANDS),
                record -> String.valueOf(record.value()).contains("\"schemaVersion\":42"), Duration.ofSeconds(60)) != null);

        // and every consumer gets past all of it: no group's lag behind what was on the topics then stays above 0
        // (the periodic checks keep adding records, so the lag against the moving end is rarely 0 at one instant)
        Map<TopicPartition, Long> sent = endOffsets();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Map<String, Long> lag = lagBehind(sent);
            assertTrue(lag.values().stream().allMatch(behind -> behind == 0), "lag by group: " + lag);
        });

        // the stale failure, now consumed, changed nothing anyone can see
        assertEquals(404, http.statusService("/integrations/" + id).status());
        assertEquals(404, http.gateway("GET", "/integrations/" + id, null).status());
    }

    private static Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (String topic : GROUPS.keySet()) {
                for (TopicPartition partition : partitions(admin, topic)) {
                    ends.put(partition, admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get()
                            .get(partition).offset());
                }
            }
            return ends;
        }
    }

    /** Per group and topic, how many of the records up to {@code ends} the group has not yet committed. */
    private static Map<String, Long> lagBehind(Map<TopicPartition, Long> ends) throws Exception {
        try (Admin admin = admin()) {
            Map<String, Long> lag = new HashMap<>();
            for (Map.Entry<String, List<String>> topic : GROUPS.entrySet()) {
                for (String group : topic.getValue()) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get();
                    long behind = 0;
                    for (TopicPartition partition : partitions(admin, topic.getKey())) {
                        OffsetAndMetadata done = committed.get(partition);
                        behind += Math.max(0, ends.get(partition) - (done == null ? 0 : done.offset()));
                    }
                    lag.put(group + "@" + topic.getKey(), behind);
                }
            }
            return lag;
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()));
    }

    private static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(partition -> new TopicPartition(topic, partition.partition())).toList();
    }
}
