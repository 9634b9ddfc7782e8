package dev.tributary.bootstrap.service;

/**
 * Ends a zero-ETL operation as failed with this message, which says what happened and what to do: the deadline
 * passed while RDS was still busy, the target's policy could not be written, the integration to adopt belongs to
 * another integration of this system. {@link ZeroEtlProvisioner#run} turns it into the operation's end.
 */
final class OperationFailure extends RuntimeException {
    OperationFailure(String message) {
        super(message);
    }
}
