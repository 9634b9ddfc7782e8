package dev.tributary.sandbox.kafka;

import dev.tributary.contracts.Topics;
import dev.tributary.sandbox.testing.TestInfrastructureChoice;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Tributary's topics as the launcher and the test brokers create them, read back from a real broker. */
class KafkaTopicsTest {
    private static final String RETENTION = Long.toString(KafkaTopics.CREDENTIAL_RETENTION.toMillis());
    private static final String TEN_MINUTES = Long.toString(Duration.ofMinutes(10).toMillis());
    private static final String ONE_MEBIBYTE = Integer.toString(1024 * 1024);

    @Test
    void credentialCarryingTopicsAndTheirDeadLettersKeepRecordsPastTheLongestDeadlineInSmallSegments() throws Exception {
        // a zero-ETL deadline may be raised to 8 h; a worker restarted that late must still find its work item
        assertTrue(KafkaTopics.CREDENTIAL_RETENTION.compareTo(Duration.ofHours(8)) > 0, KafkaTopics.CREDENTIAL_RETENTION.toString());
        try (Admin admin = admin()) {
            for (String topic : Topics.ALL) {
                Config config = describe(admin, topic);
                if (Topics.carriesCredentials(topic)) {
                    assertEquals(RETENTION, config.get(TopicConfig.RETENTION_MS_CONFIG).value(), topic);
                    assertEquals(TEN_MINUTES, config.get(TopicConfig.SEGMENT_MS_CONFIG).value(), topic);
                    assertEquals(ONE_MEBIBYTE, config.get(TopicConfig.SEGMENT_BYTES_CONFIG).value(), topic);
                } else {
                    // integration.events keeps its history: the status view is rebuilt from it
                    assertNotEquals(RETENTION, config.get(TopicConfig.RETENTION_MS_CONFIG).value(), topic);
                }
            }
            assertEquals(List.of(Topics.deadLetter(Topics.COMMANDS), Topics.deadLetter(Topics.CHECKS), Topics.deadLetter(Topics.BOOTSTRAP),
                            Topics.deadLetter(Topics.REQUESTS)),
                    Topics.ALL.stream().filter(Topics::carriesCredentials).filter(topic -> topic.endsWith(Topics.DEAD_LETTER_SUFFIX)).toList());
        }
    }

    @Test
    void aTopicMadeWithOtherConfigsGetsTheShortRetentionAndKeepsItsOwnSettings() throws Exception {
        String bootstrapServers = TestInfrastructureChoice.shared().kafkaBootstrapServers();
        ConfigResource requests = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REQUESTS);
        try (Admin admin = admin()) {
            // as an install made before the short retention left it, with a setting of its operator's
            admin.incrementalAlterConfigs(Map.of(requests, List.of(
                    set(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(7).toMillis())),
                    set(TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(1 << 30)),
                    set(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2000000")))).all().get(30, TimeUnit.SECONDS);
            awaitConfig(admin, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "2000000");

            KafkaTopics.awaitBrokerAndCreateTopics(bootstrapServers, KafkaBroker.DEFAULT_PARTITIONS, Duration.ofSeconds(60), () -> true);

            awaitConfig(admin, TopicConfig.RETENTION_MS_CONFIG, RETENTION);
            Config config = describe(admin, Topics.REQUESTS);
            assertEquals(ONE_MEBIBYTE, config.get(TopicConfig.SEGMENT_BYTES_CONFIG).value());
            assertEquals("2000000", config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
            admin.incrementalAlterConfigs(Map.of(requests, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""), AlterConfigOp.OpType.DELETE)))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** A changed config reaches describeConfigs a moment after the change is acknowledged. */
    private static void awaitConfig(Admin admin, String name, String value) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!value.equals(describe(admin, Topics.REQUESTS).get(name).value()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(value, describe(admin, Topics.REQUESTS).get(name).value(), name + " of " + Topics.REQUESTS);
    }

    private static Admin admin() {
        return Admin.create(KafkaBroker.adminConfig(TestInfrastructureChoice.shared().kafkaBootstrapServers()));
    }

    private static Config describe(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
