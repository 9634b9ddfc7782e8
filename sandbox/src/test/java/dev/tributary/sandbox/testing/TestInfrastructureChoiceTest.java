package dev.tributary.sandbox.testing;

import dev.tributary.sandbox.testing.TestInfrastructureChoice.Provider;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TRIBUTARY_TEST_INFRA picks the provider; the Docker engine probe is simulated, so no engine is needed. */
class TestInfrastructureChoiceTest {
    private static final BooleanSupplier ENGINE = () -> true;
    private static final BooleanSupplier NO_ENGINE = () -> false;

    @Test
    void localIsChosenWithoutAskingForAnEngine() {
        AtomicInteger probes = new AtomicInteger();
        assertEquals(Provider.LOCAL, TestInfrastructureChoice.choose("local", () -> probes.incrementAndGet() > 0));
        assertEquals(0, probes.get(), "local must not depend on Docker at all");
    }

    @Test
    void localIsTheDefault() {
        assertEquals("local", TestInfrastructureChoice.setting(null, null));
        assertEquals("local", TestInfrastructureChoice.setting("", " "));
    }

    @Test
    void containersAreChosenWhenAnEngineAnswers() {
        assertEquals(Provider.CONTAINERS, TestInfrastructureChoice.choose("containers", ENGINE));
        assertEquals(Provider.CONTAINERS, TestInfrastructureChoice.choose(" Containers ", ENGINE));
    }

    @Test
    void containersWithoutAnEngineFailWithAMessageThatNamesTheSetting() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> TestInfrastructureChoice.choose("containers", NO_ENGINE));
        assertTrue(failure.getMessage().startsWith("TRIBUTARY_TEST_INFRA=containers "), failure.getMessage());
        assertTrue(failure.getMessage().contains("no Docker engine answers"), failure.getMessage());
        assertTrue(failure.getMessage().contains("TRIBUTARY_TEST_INFRA=local"), failure.getMessage());
    }

    @Test
    void autoUsesContainersWithAnEngineAndLocalProcessesWithout() {
        assertEquals(Provider.CONTAINERS, TestInfrastructureChoice.choose("auto", ENGINE));
        assertEquals(Provider.LOCAL, TestInfrastructureChoice.choose("auto", NO_ENGINE));
    }

    @Test
    void anUnknownValueIsRefusedWithTheValuesThatExist() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> TestInfrastructureChoice.choose("docker", ENGINE));
        assertEquals("TRIBUTARY_TEST_INFRA is local, containers or auto, not 'docker'", failure.getMessage());
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironment() {
        assertEquals("auto", TestInfrastructureChoice.setting("auto", "containers"));
        assertEquals("containers", TestInfrastructureChoice.setting(null, "containers"));
    }
}
