package dev.tributary.support.claims;

/** This instance cannot hold, or no longer holds, the claim on a work item; nothing more may be done for it here. */
public class ClaimLostException extends RuntimeException {
    public ClaimLostException(String message) {
        super(message);
    }
}
