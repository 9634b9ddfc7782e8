package dev.tributary.contracts.messaging;

import dev.tributary.contracts.lifecycle.Operation;

import java.time.Instant;

/**
 * One step finished. {@code outcome} is {@code done}, {@code already-present} when a retry found it done, or
 * {@code skipped}; {@code detail} says why a step was skipped, or what it produced (null otherwise).
 */
public record StepCompleted(Operation operation, String step, Instant startedAt, Instant finishedAt, String outcome,
                            String detail) {
    public static final String DONE = "done";
    public static final String ALREADY_PRESENT = "already-present";
    public static final String SKIPPED = "skipped";

    public StepCompleted(Operation operation, String step, Instant startedAt, Instant finishedAt, String outcome) {
        this(operation, step, startedAt, finishedAt, outcome, null);
    }
}
