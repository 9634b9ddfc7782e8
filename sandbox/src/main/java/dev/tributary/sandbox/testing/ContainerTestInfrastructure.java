package dev.tributary.sandbox.testing;

import dev.tributary.sandbox.kafka.KafkaBroker;
import dev.tributary.sandbox.kafka.KafkaTopics;
import dev.tributary.sandbox.postgres.LocalPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;

import java.time.Duration;
import java.util.Map;

/**
 * {@code TRIBUTARY_TEST_INFRA=containers}: Kafka (KRaft) and PostgreSQL in containers, in the versions
 * docker-compose.yml runs (deployment-checks' ComposeFileTest holds the two to the same exact tags).
 */
public final class ContainerTestInfrastructure implements TestInfrastructure {
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    public static final String POSTGRES_IMAGE = "postgres:16.11";

    private final KafkaContainer kafka;
    private final PostgreSQLContainer postgresContainer;
    private final LocalPostgres postgres;

    private ContainerTestInfrastructure(KafkaContainer kafka, PostgreSQLContainer postgresContainer) {
        this.kafka = kafka;
        this.postgresContainer = postgresContainer;
        this.postgres = new LocalPostgres(postgresContainer.getHost(), postgresContainer.getFirstMappedPort(),
                postgresContainer.getUsername(), postgresContainer.getPassword());
    }

    /**
     * Testcontainers' own discovery (DOCKER_HOST, the socket, ~/.testcontainers.properties): it answers within
     * seconds when there is no engine, so a run never hangs waiting for one.
     */
    static boolean dockerEngineAnswers() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static ContainerTestInfrastructure start() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                // as the local broker: topics a test creates by writing to them get the partitions of Tributary's own
                .withEnv("KAFKA_NUM_PARTITIONS", Integer.toString(KafkaBroker.DEFAULT_PARTITIONS));
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
                // the Redshift stand-in relays its clients' connections without logging in itself; it relies on
                // the server trusting it, as the local server trusts loopback
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust");
        Startables.deepStart(kafka, postgres).join();
        KafkaTopics.awaitBrokerAndCreateTopics(kafka.getBootstrapServers(), KafkaBroker.DEFAULT_PARTITIONS,
                Duration.ofSeconds(90), kafka::isRunning);
        ContainerTestInfrastructure started = new ContainerTestInfrastructure(kafka, postgres);
        // tests that build their own handle with LocalPostgres.fromEnvironment() reach the container too
        System.setProperty(LocalPostgres.HOST_PROPERTY, started.postgres.host());
        System.setProperty(LocalPostgres.PORT_PROPERTY, Integer.toString(started.postgres.port()));
        System.setProperty(LocalPostgres.USER_PROPERTY, started.postgres.adminUser());
        System.setProperty(LocalPostgres.PASSWORD_PROPERTY, started.postgres.adminPassword());
        return started;
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public LocalPostgres postgres() {
        return postgres;
    }

    @Override
    public Map<String, String> launcherEnvironment() {
        return Map.of(
                LAUNCHER_KAFKA, kafkaBootstrapServers(),
                "TRIBUTARY_PG_HOST", postgres.host(),
                "TRIBUTARY_PG_PORT", Integer.toString(postgres.port()),
                "TRIBUTARY_PG_USER", postgres.adminUser(),
                "TRIBUTARY_PG_PASSWORD", postgres.adminPassword());
    }

    @Override
    public void close() {
        kafka.stop();
        postgresContainer.stop();
    }
}
