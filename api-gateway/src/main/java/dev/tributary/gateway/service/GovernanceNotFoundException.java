package dev.tributary.gateway.service;

/** A data source, user or policy that is not known (404). */
public class GovernanceNotFoundException extends RuntimeException {
    public GovernanceNotFoundException(String message) {
        super(message);
    }
}
