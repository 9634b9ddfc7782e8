package dev.tributary.support.claims;

import java.time.Instant;

/** The operation's deadline has passed (or is within the margin): the gateway fails it; no step may start. */
public class DeadlinePassedException extends RuntimeException {
    private final Instant deadline;

    public DeadlinePassedException(Instant deadline) {
        super("its deadline (" + deadline + ") has passed");
        this.deadline = deadline;
    }

    public Instant deadline() {
        return deadline;
    }
}
