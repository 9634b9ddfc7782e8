package dev.tributary.gateway.service;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.IntegrationType;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Counts operations as they start and end: {@code tributary_operations_{started,succeeded,failed}_total{type,operation}}. */
@ApplicationScoped
public class OperationMetrics {
    @Inject
    MeterRegistry registry;

    public void started(IntegrationType type, Operation operation) {
        count("tributary.operations.started", type, operation);
    }

    public void finished(IntegrationType type, Operation operation, boolean succeeded) {
        count(succeeded ? "tributary.operations.succeeded" : "tributary.operations.failed", type, operation);
    }

    private void count(String name, IntegrationType type, Operation operation) {
        registry.counter(name, "type", type.wireName(), "operation", operation.wireName()).increment();
    }
}
