package dev.tributary.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the checks find the project's files, and which modules are services. */
final class Project {
    /** The four services, each a Quarkus module with its own application.properties. */
    static final List<String> SERVICES = List.of("api-gateway", "validation-worker", "bootstrap-worker", "status-service");
    /** The library every service includes: its settings apply to all four. */
    static final String SHARED = "service-support";

    private Project() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath().normalize();
        if (!Files.exists(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("not the project's root: " + root);
        }
        return root;
    }

    static Path applicationProperties(String service) {
        return root().resolve(service).resolve("src/main/resources/application.properties");
    }

    static Path sharedProperties() {
        return root().resolve(SHARED).resolve("src/main/resources/META-INF/microprofile-config.properties");
    }
}
