package dev.tributary.gateway.service;

/** The request collides with the registry's state (409). */
public class IntegrationConflictException extends RuntimeException {
    public IntegrationConflictException(String message) {
        super(message);
    }
}
