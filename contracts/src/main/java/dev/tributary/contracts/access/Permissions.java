package dev.tributary.contracts.access;

import java.util.Set;

/** Permissions an API key can hold, and what each allows. */
public final class Permissions {
    /** Create, change, delete and read integrations; manage API keys. */
    public static final String APPLICATION_ADMIN = "APPLICATION_ADMIN";
    /** Read integrations and their status (dashboards). */
    public static final String INTEGRATION_READ = "INTEGRATION_READ";
    public static final Set<String> ALL = Set.of(APPLICATION_ADMIN, INTEGRATION_READ);

    private Permissions() {
    }

    /** The permission a request needs: reading integrations is open to readers, everything else needs the admin. */
    public static boolean allows(Set<String> held, boolean readsIntegrations) {
        return held.contains(APPLICATION_ADMIN) || (readsIntegrations && held.contains(INTEGRATION_READ));
    }
}
