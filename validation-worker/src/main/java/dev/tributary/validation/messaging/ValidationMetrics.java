package dev.tributary.validation.messaging;

import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationResults;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/**
 * {@code tributary_validation_failures_total{test}} (every failed test, of commands and checks alike) and
 * {@code tributary_check_duration_seconds{type,outcome}} (each check: passed, failed, or backed-off when its host's
 * checks are backed off and it did not connect).
 */
@ApplicationScoped
public class ValidationMetrics {
    static final String CHECK_DURATION = "tributary.check.duration";

    /** How a check ended, as the {@code outcome} tag says it. */
    enum Outcome {
        PASSED("passed"), FAILED("failed"), BACKED_OFF("backed-off");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        static Outcome of(ValidationResults results) {
            return results.status() == TestStatus.FAILED ? FAILED : PASSED;
        }
    }

    @Inject
    MeterRegistry registry;

    void countFailures(ValidationResults results) {
        results.validationTests().stream().filter(test -> test.status() == TestStatus.FAILED)
                .forEach(test -> registry.counter("tributary.validation.failures", "test", test.name()).increment());
    }

    /** One check of an integration of {@code type} that ended as {@code outcome}, {@code nanos} after it started. */
    void checked(IntegrationType type, Outcome outcome, long nanos) {
        Timer.builder(CHECK_DURATION).description("Periodic and asked-for checks, by integration type and outcome")
                .tag("type", type.wireName()).tag("outcome", outcome.tag)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
}
