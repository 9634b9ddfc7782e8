package dev.tributary.gateway.service;

/**
 * A call to the provider's API (RDS) that a request needed did not succeed: throttled or unavailable
 * ({@code transient}: 503, retry shortly), or refused for a reason no retry changes (502). The message names the
 * call and what the provider said; it never holds a credential.
 */
public class ProviderCallException extends RuntimeException {
    private final boolean transientFailure;

    public ProviderCallException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean transientFailure() {
        return transientFailure;
    }
}
