package dev.tributary.contracts.messaging;

import dev.tributary.contracts.lifecycle.Operation;

/**
 * A worker did not carry out (or stopped carrying out) a work item, because its operation's deadline had passed.
 * It decides nothing: the gateway's deadline ends the operation; this says, in the timeline, what the worker did
 * about it.
 *
 * @param reason for the user: what was not done, and what was undone
 */
public record WorkRefused(Operation operation, String reason) {
}
