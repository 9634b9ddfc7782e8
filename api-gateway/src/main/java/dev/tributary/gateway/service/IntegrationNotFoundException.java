package dev.tributary.gateway.service;

public class IntegrationNotFoundException extends RuntimeException {
    public IntegrationNotFoundException(String id) {
        super("No integration found with ID " + id + ".");
    }
}
