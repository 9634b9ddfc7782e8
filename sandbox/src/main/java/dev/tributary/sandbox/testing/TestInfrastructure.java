package dev.tributary.sandbox.testing;

import dev.tributary.sandbox.postgres.LocalPostgres;

import java.util.Map;

/**
 * The Kafka broker and the PostgreSQL server the tests run against. {@link TestInfrastructureChoice} picks the
 * provider ({@code TRIBUTARY_TEST_INFRA=local|containers|auto}) and keeps one per test JVM.
 */
public interface TestInfrastructure extends AutoCloseable {
    /** The launcher's setting for a Kafka it should use instead of starting its own broker. */
    String LAUNCHER_KAFKA = "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS";

    /** Starts the broker on first use. */
    String kafkaBootstrapServers();

    /** The PostgreSQL server with an admin login; tests create their own databases on it. */
    LocalPostgres postgres();

    /**
     * What {@code ./tributary} needs to use this infrastructure. Empty for the local processes: there the launcher
     * starts its own broker, exactly as for a user.
     */
    Map<String, String> launcherEnvironment();

    @Override
    void close();
}
