package dev.tributary.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Where the checks find the project's files, and which modules are services. */
final class Project {
    /** The four services, each a Quarkus module with its own application.properties. */
    static final List<String> SERVICES = List.of("api-gateway", "validation-worker", "bootstrap-worker", "status-service");
    /** The library every service includes: its settings apply to all four. */
    static final String SHARED = "service-support";
    /** What one of them seals, another opens; the status-service only ever sees secrets sealed or redacted. */
    static final Set<String> SEALING_KEY_HOLDERS = Set.of("api-gateway", "validation-worker", "bootstrap-worker");
    /** The gateway registers the first admin key; the status-service learns keys, as hashes, from access.api-keys. */
    static final Set<String> ADMIN_KEY_HOLDERS = Set.of("api-gateway");

    /** The key settings {@code service} may reach: the sealing key for its holders, the admin key for the gateway. */
    static Set<String> keysAllowedFor(String service) {
        Set<String> allowed = new TreeSet<>();
        if (SEALING_KEY_HOLDERS.contains(service)) {
            allowed.add("TRIBUTARY_SEALING_KEY");
        }
        if (ADMIN_KEY_HOLDERS.contains(service)) {
            allowed.add("TRIBUTARY_ADMIN_API_KEY");
        }
        return allowed;
    }

    private Project() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("not the project's root: " + root);
        }
        return root;
    }

    /** The PostgreSQL role a service connects as, and the name of the database it owns. */
    static String databaseRole(String service) {
        return databaseRole("tributary_", service);
    }

    /** The same with another prefix of the names (TRIBUTARY_DB_PREFIX), as deploy/compose/postgres-init.sh makes them. */
    static String databaseRole(String prefix, String service) {
        return prefix + service.replace('-', '_');
    }

    /** The environment variable that carries the password of the service's role to deploy/compose/postgres-init.sh. */
    static String databasePasswordVariable(String service) {
        return "TRIBUTARY_" + service.replace('-', '_').toUpperCase(Locale.ROOT) + "_DB_PASSWORD";
    }

    static Path applicationProperties(String service) {
        return root().resolve(service).resolve("src/main/resources/application.properties");
    }

    static Path sharedProperties() {
        return root().resolve(SHARED).resolve("src/main/resources/META-INF/microprofile-config.properties");
    }
}
