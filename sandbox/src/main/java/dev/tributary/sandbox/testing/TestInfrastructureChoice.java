package dev.tributary.sandbox.testing;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Picks where the tests' Kafka and PostgreSQL come from: {@code TRIBUTARY_TEST_INFRA} (or the system property
 * {@code tributary.test.infra}, which wins) is {@code local} (the default: a broker process and the local
 * PostgreSQL), {@code containers} (Testcontainers; fails at once without a Docker engine) or {@code auto}
 * (containers when an engine answers).
 */
public final class TestInfrastructureChoice {
    public static final String SETTING = "TRIBUTARY_TEST_INFRA";
    public static final String PROPERTY = "tributary.test.infra";
    private static final System.Logger LOG = System.getLogger(TestInfrastructureChoice.class.getName());
    private static TestInfrastructure shared;
    /** Why the infrastructure could not start, so that later test classes fail at once instead of trying again. */
    private static RuntimeException failure;

    enum Provider { LOCAL, CONTAINERS }

    private TestInfrastructureChoice() {
    }

    /** The infrastructure of this JVM, started on first use and closed when the JVM ends. */
    public static synchronized TestInfrastructure shared() {
        if (failure != null) {
            throw failure;
        }
        if (shared == null) {
            try {
                Provider provider = choose(setting(), ContainerTestInfrastructure::dockerEngineAnswers);
                TestInfrastructure started = provider == Provider.CONTAINERS
                        ? ContainerTestInfrastructure.start() : new LocalTestInfrastructure();
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "tributary-test-infrastructure"));
                shared = started;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return shared;
    }

    static String setting() {
        return setting(System.getProperty(PROPERTY), System.getenv(SETTING));
    }

    static String setting(String property, String environment) {
        String value = property == null || property.isBlank() ? environment : property;
        return value == null || value.isBlank() ? "local" : value;
    }

    /** {@code dockerEngineAnswers} is asked only for {@code containers} and {@code auto}. */
    static Provider choose(String setting, BooleanSupplier dockerEngineAnswers) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "local" -> Provider.LOCAL;
            case "containers" -> {
                if (!dockerEngineAnswers.getAsBoolean()) {
                    throw new IllegalStateException(SETTING + "=containers runs Kafka and PostgreSQL in containers, but"
                            + " no Docker engine answers. Start one, or set " + SETTING + "=local (the default: a"
                            + " Kafka broker process and the local PostgreSQL) or " + SETTING + "=auto.");
                }
                yield Provider.CONTAINERS;
            }
            case "auto" -> {
                boolean engine = dockerEngineAnswers.getAsBoolean();
                LOG.log(System.Logger.Level.INFO, engine
                        ? SETTING + "=auto: a Docker engine answers; Kafka and PostgreSQL run in containers"
                        : SETTING + "=auto: no Docker engine answers; a Kafka broker process and the local PostgreSQL");
                yield engine ? Provider.CONTAINERS : Provider.LOCAL;
            }
            default -> throw new IllegalArgumentException(
                    SETTING + " is local, containers or auto, not '" + setting + "'");
        };
    }
}
