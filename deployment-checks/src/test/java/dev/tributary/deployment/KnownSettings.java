package dev.tributary.deployment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** The environment variables a service understands: its settings, the shared ones, and those read by libraries. */
final class KnownSettings {
    /** Read by the AWS SDK's default credentials chain and region provider, or secrets with no default anywhere. */
    private static final Set<String> OUTSIDE_THE_REFERENCE = Set.of("AWS_REGION", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "QUARKUS_DATASOURCE_PASSWORD");

    private KnownSettings() {
    }

    static Set<String> environmentVariables(String service) throws IOException {
        Path root = Project.root();
        Set<String> names = new HashSet<>(OUTSIDE_THE_REFERENCE);
        ConfigurationReference.settings(Project.applicationProperties(service), root.resolve(service).resolve("src/main/java"))
                .forEach(setting -> names.add(setting.environmentVariable()));
        ConfigurationReference.settings(Project.sharedProperties(), root.resolve(Project.SHARED).resolve("src/main/java"))
                .forEach(setting -> names.add(setting.environmentVariable()));
        return names;
    }

    /** The port a service listens on, as its application.properties sets it. */
    static int httpPort(String service) throws IOException {
        return ConfigurationReference.fromProperties(Project.applicationProperties(service)).stream()
                .filter(setting -> setting.key().equals("quarkus.http.port"))
                .map(setting -> Integer.parseInt(setting.defaultValue())).findFirst().orElseThrow();
    }
}
