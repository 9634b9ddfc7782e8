package dev.tributary.sandbox.testing;

import dev.tributary.sandbox.kafka.KafkaBroker;
import dev.tributary.sandbox.postgres.LocalPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/** {@code TRIBUTARY_TEST_INFRA=local}: a Kafka broker in a JVM of its own, and the local PostgreSQL server. */
final class LocalTestInfrastructure implements TestInfrastructure {
    private final LocalPostgres postgres = LocalPostgres.fromEnvironment();
    private KafkaBroker broker;
    private Path brokerData;

    @Override
    public synchronized String kafkaBootstrapServers() {
        if (broker == null) {
            try {
                Path lib = Path.of(System.getProperty("tributary.kafka.lib", "../sandbox/target/kafka-lib"));
                brokerData = Files.createTempDirectory("tributary-kafka");
                broker = KafkaBroker.start(lib, brokerData, KafkaBroker.freePort(), KafkaBroker.freePort(),
                        Path.of("target", "kafka-broker.log"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker.bootstrapServers();
    }

    @Override
    public LocalPostgres postgres() {
        return postgres;
    }

    @Override
    public Map<String, String> launcherEnvironment() {
        return Map.of();
    }

    @Override
    public synchronized void close() {
        if (broker != null) {
            broker.close();
            deleteQuietly(brokerData);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the system cleans it up eventually
        }
    }
}
