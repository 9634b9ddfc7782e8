package dev.tributary.sandbox.kafka;

import dev.tributary.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a broker and creates Tributary's topics on it (needs kafka-clients on the class path). */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    public static void awaitBrokerAndCreateTopics(String bootstrapServers, int partitions, Duration timeout,
                                                  BooleanSupplier brokerAlive) {
        Instant deadline = Instant.now().plus(timeout);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!brokerAlive.getAsBoolean()) {
                throw new IllegalStateException("the broker process exited");
            }
            try (Admin admin = Admin.create(KafkaBroker.adminConfig(bootstrapServers))) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                createTopics(admin, partitions);
                return;
            } catch (Exception e) {
                last = new IllegalStateException("broker at " + bootstrapServers + " not ready: " + e.getMessage(), e);
                sleep(500);
            }
        }
        throw last != null ? last : new IllegalStateException("broker did not start in time");
    }

    private static void createTopics(Admin admin, int partitions) throws Exception {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = Topics.ALL.stream()
                .filter(topic -> !existing.contains(topic))
                .map(topic -> new NewTopic(topic, partitions, (short) 1).configs(Topics.COMPACTED.contains(topic)
                        ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT) : Map.of()))
                .toList();
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
