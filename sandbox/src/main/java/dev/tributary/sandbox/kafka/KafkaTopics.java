package dev.tributary.sandbox.kafka;

import dev.tributary.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for a broker and creates Tributary's topics on it (needs kafka-clients on the class path). Topics that exist
 * already get the configs they lack, so that an install made before a config was added gets it too.
 */
public final class KafkaTopics {
    /** Overrides {@link #CREDENTIAL_RETENTION} for the launcher's and tests' brokers, in milliseconds. */
    public static final String CREDENTIAL_RETENTION_SETTING = "TRIBUTARY_CREDENTIAL_RETENTION_MS";
    /**
     * How long a credential-carrying topic or its dead-letter topic keeps a record that the purge did not delete
     * (unread, or dead-lettered). Longer than the longest operation deadline (a zero-ETL one may be given up to
     * 8 hours), so no work that could still count is dropped unread; what was read is purged long before.
     */
    public static final Duration CREDENTIAL_RETENTION = Duration.ofHours(9);
    /** Their segments roll at least this often, so that deleted and expired records leave the disk soon. */
    public static final Duration CREDENTIAL_SEGMENT_AGE = Duration.ofMinutes(10);
    /** And at this size (1 MiB, the smallest Kafka 4 allows), for the same reason under load. */
    public static final int CREDENTIAL_SEGMENT_BYTES = 1024 * 1024;

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
            } catch (IllegalArgumentException e) {
                throw e; // a setting to fix, not a broker to wait for
            } catch (Exception e) {
                last = new IllegalStateException("broker at " + bootstrapServers + " not ready: " + e.getMessage(), e);
                sleep(500);
            }
        }
        throw last != null ? last : new IllegalStateException("broker did not start in time");
    }

    /** The configs a topic is created with and kept at, besides the broker's defaults. */
    public static Map<String, String> configs(String topic) {
        Map<String, String> configs = new HashMap<>();
        if (Topics.COMPACTED.contains(topic)) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        if (Topics.carriesCredentials(topic)) {
            configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(credentialRetentionMillis()));
            configs.put(TopicConfig.SEGMENT_MS_CONFIG, Long.toString(CREDENTIAL_SEGMENT_AGE.toMillis()));
            configs.put(TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(CREDENTIAL_SEGMENT_BYTES));
        }
        return configs;
    }

    private static long credentialRetentionMillis() {
        String setting = System.getenv(CREDENTIAL_RETENTION_SETTING);
        if (setting == null || setting.isBlank()) {
            return CREDENTIAL_RETENTION.toMillis();
        }
        try {
            return Long.parseLong(setting.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CREDENTIAL_RETENTION_SETTING + " is a number of milliseconds, not '" + setting + "'");
        }
    }

    private static void createTopics(Admin admin, int partitions) throws Exception {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<NewTopic> missing = Topics.ALL.stream()
                .filter(topic -> !existing.contains(topic))
                .map(topic -> new NewTopic(topic, partitions, (short) 1).configs(configs(topic)))
                .toList();
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        alterDifferingConfigs(admin, Topics.ALL.stream().filter(existing::contains).toList());
    }

    /** Sets, on topics that exist already, each config of {@link #configs} they hold another value of. */
    private static void alterDifferingConfigs(Admin admin, Collection<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        Map<ConfigResource, Config> current = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (ConfigResource resource : resources) {
            List<AlterConfigOp> differing = configs(resource.name()).entrySet().stream()
                    .filter(wanted -> !Objects.equals(valueOf(current.get(resource).get(wanted.getKey())), wanted.getValue()))
                    .map(wanted -> new AlterConfigOp(new ConfigEntry(wanted.getKey(), wanted.getValue()), AlterConfigOp.OpType.SET))
                    .toList();
            if (!differing.isEmpty()) {
                changes.put(resource, differing);
            }
        }
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static String valueOf(ConfigEntry entry) {
        return entry == null ? null : entry.value();
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
