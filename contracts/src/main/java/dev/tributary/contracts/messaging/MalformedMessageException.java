package dev.tributary.contracts.messaging;

/** A record that is not a readable envelope; it goes to the dead-letter topic with this message as its reason. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String reason) {
        super(reason);
    }
}
