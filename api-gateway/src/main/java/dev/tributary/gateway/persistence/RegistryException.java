package dev.tributary.gateway.persistence;

/** The registry database failed; callers answer 503, never 500. */
public class RegistryException extends RuntimeException {
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
