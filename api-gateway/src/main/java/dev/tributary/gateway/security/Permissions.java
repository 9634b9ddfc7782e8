package dev.tributary.gateway.security;

/** Permissions an API key can hold. */
public final class Permissions {
    /** Create, change, delete and read integrations. */
    public static final String APPLICATION_ADMIN = "APPLICATION_ADMIN";

    private Permissions() {
    }
}
