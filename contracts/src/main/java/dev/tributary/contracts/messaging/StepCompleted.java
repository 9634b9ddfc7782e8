package dev.tributary.contracts.messaging;

import dev.tributary.contracts.lifecycle.Operation;

import java.time.Instant;

/** One setup step finished. {@code outcome} is {@code done}, or {@code already-present} when a retry found it done. */
public record StepCompleted(Operation operation, String step, Instant startedAt, Instant finishedAt, String outcome) {
    public static final String DONE = "done";
    public static final String ALREADY_PRESENT = "already-present";
}
