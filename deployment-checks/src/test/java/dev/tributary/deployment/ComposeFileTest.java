package dev.tributary.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tributary.contracts.Topics;
import dev.tributary.sandbox.kafka.KafkaTopics;
import dev.tributary.sandbox.testing.ContainerTestInfrastructure;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml is what docker-compose accepts, agrees with the services' configuration and the topics, and
 * gives each service no more than it needs: only its own keys and its own database role.
 */
class ComposeFileTest {

    /**
     * These checks need docker-compose; scripts/ensure-docker-compose.sh installs Debian's package when it is
     * missing. It runs here, when the checks run and only then, so that building (mvn package, -DskipTests) and
     * ./tributary up install nothing. docker-compose only reads the file: no Docker engine is needed.
     */
    @BeforeAll
    static void dockerComposeIsThere() throws Exception {
        // the output goes to a file, so that a hanging install runs into the time limit instead of blocking a read
        Path log = Files.createTempFile("ensure-docker-compose", ".log");
        Process ensure = new ProcessBuilder(Project.root().resolve("scripts/ensure-docker-compose.sh").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = ensure.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            ensure.destroyForcibly();
        }
        assertTrue(finished, "scripts/ensure-docker-compose.sh did not finish:\n" + Files.readString(log));
        assertEquals(0, ensure.exitValue(), "scripts/ensure-docker-compose.sh failed:\n" + Files.readString(log));
    }

    /** The file after docker-compose has read it: anchors merged, variables filled in with their defaults. */
    private static JsonNode resolved() throws Exception {
        return resolved(Map.of());
    }

    /** The same, with these variables set in docker-compose's environment. */
    private static JsonNode resolved(Map<String, String> variables) throws Exception {
        Path root = Project.root();
        ProcessBuilder config = new ProcessBuilder("docker-compose", "--profile", "standins", "-f", "docker-compose.yml", "config")
                .directory(root.toFile()).redirectErrorStream(true);
        config.environment().keySet().removeIf(name -> name.startsWith("TRIBUTARY_") || name.startsWith("AWS_"));
        config.environment().putAll(variables);
        Process process = config.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose config did not finish");
        assertEquals(0, process.exitValue(), "docker-compose config refused docker-compose.yml:\n" + output);
        return new YAMLMapper().readTree(output);
    }

    /** A service's mounts as (source, target): docker-compose prints either "source:target[:mode]" or a mapping. */
    private static List<Map.Entry<String, String>> mounts(JsonNode service) {
        List<Map.Entry<String, String>> mounts = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                mounts.add(Map.entry(parts[0], parts.length > 1 ? parts[1] : parts[0]));
            } else {
                mounts.add(Map.entry(volume.path("source").asText(), volume.path("target").asText()));
            }
        }
        return mounts;
    }

    /** The volumes that hold the file a setting names, in any service that sets it. */
    private static Set<String> volumesHolding(JsonNode services, String fileSetting) {
        Set<String> volumes = new HashSet<>();
        services.fields().forEachRemaining(service -> {
            String file = service.getValue().path("environment").path(fileSetting).asText();
            for (Map.Entry<String, String> mount : mounts(service.getValue())) {
                String directory = mount.getValue().endsWith("/") ? mount.getValue() : mount.getValue() + "/";
                if (!file.isEmpty() && file.startsWith(directory)) {
                    volumes.add(mount.getKey());
                }
            }
        });
        return volumes;
    }

    @Test
    void theServicesListenWhereTheirConfigurationSaysAndWaitForWhatTheyNeed() throws Exception {
        JsonNode services = resolved().path("services");
        for (String service : Project.SERVICES) {
            JsonNode definition = services.path(service);
            int port = KnownSettings.httpPort(service);
            assertTrue(definition.path("ports").toString().contains(Integer.toString(port)), service + " publishes port " + port);
            String health = definition.path("healthcheck").path("test").toString();
            assertTrue(health.contains("localhost:" + port + "/q/health/ready"), service + " health check: " + health);
            List<String> needed = new ArrayList<>(List.of("kafka-topics", "postgres"));
            // the keys container makes the key volumes writable: whoever mounts one of them waits for it
            Set<String> prepared = new HashSet<>();
            mounts(services.path("keys")).forEach(mount -> prepared.add(mount.getKey()));
            if (mounts(definition).stream().anyMatch(mount -> prepared.contains(mount.getKey()))) {
                needed.add("keys");
            }
            for (String dependency : needed) {
                assertFalse(definition.path("depends_on").path(dependency).path("condition").asText().isEmpty(),
                        service + " waits for " + dependency + " with a condition");
            }
            Set<String> known = KnownSettings.environmentVariables(service);
            definition.path("environment").fieldNames().forEachRemaining(name ->
                    assertTrue(known.contains(name), service + " does not read " + name));
        }
        for (String standIn : List.of("redshift-standin", "rds-standin")) {
            assertEquals("standins", services.path(standIn).path("profiles").get(0).asText(), standIn + " is optional");
        }
        assertTrue(services.path("kafka").path("image").asText().startsWith("apache/kafka:"));
        assertFalse(services.path("kafka").path("healthcheck").isMissingNode());
        assertFalse(services.path("postgres").path("healthcheck").isMissingNode());
    }

    /**
     * A service can reach a key through its setting, through the setting naming its file, or through a volume that
     * holds that file in any service. Every container is looked at, not only the services, except the one that
     * prepares the key volumes and starts nothing else.
     */
    @Test
    void onlyTheGatewayAndTheWorkersCanReachTheSealingKeyAndOnlyTheGatewayTheAdminKey() throws Exception {
        JsonNode services = resolved().path("services");
        Map<String, Set<String>> keyVolumes = Map.of(
                "TRIBUTARY_SEALING_KEY", volumesHolding(services, "TRIBUTARY_SEALING_KEY_FILE"),
                "TRIBUTARY_ADMIN_API_KEY", volumesHolding(services, "TRIBUTARY_ADMIN_API_KEY_FILE"));
        keyVolumes.forEach((key, volumes) -> assertFalse(volumes.isEmpty(), "no volume holds the file of " + key));

        Map<String, Set<String>> reached = new TreeMap<>();
        Map<String, Set<String>> expected = new TreeMap<>();
        services.fields().forEachRemaining(service -> {
            String name = service.getKey();
            if (name.equals("keys")) {
                return;
            }
            JsonNode definition = service.getValue();
            Set<String> keys = new TreeSet<>();
            keyVolumes.forEach((key, volumes) -> {
                boolean bySetting = definition.path("environment").has(key) || definition.path("environment").has(key + "_FILE");
                boolean byVolume = mounts(definition).stream().anyMatch(mount -> volumes.contains(mount.getKey()));
                if (bySetting || byVolume) {
                    keys.add(key);
                }
            });
            reached.put(name, keys);
            expected.put(name, Project.keysAllowedFor(name));
        });
        assertTrue(reached.keySet().containsAll(Project.SERVICES));
        assertEquals(expected, reached, "the keys each container can reach");
    }

    /**
     * Every password is set apart, so that the service's and the role's can be told from the others': each service
     * must get the one its role was created with, and only that one.
     */
    @Test
    void everyServiceConnectsToItsOwnDatabaseAsItsOwnRoleWithThatRolesPassword() throws Exception {
        Map<String, String> passwords = new HashMap<>();
        Project.SERVICES.forEach(service -> passwords.put(Project.databasePasswordVariable(service), "password-of-" + service));
        JsonNode services = resolved(passwords).path("services");
        JsonNode postgres = services.path("postgres");

        Set<String> users = new HashSet<>();
        for (String service : Project.SERVICES) {
            JsonNode environment = services.path(service).path("environment");
            String user = environment.path("QUARKUS_DATASOURCE_USERNAME").asText();
            assertNotEquals("postgres", user, service + " connects as the superuser");
            assertEquals(Project.databaseRole(service), user, service + ": its database user");
            assertTrue(users.add(user), service + " shares its database user " + user);
            assertTrue(environment.path("QUARKUS_DATASOURCE_JDBC_URL").asText().endsWith("/" + Project.databaseRole(service)),
                    service + " connects to the database its role owns");
            String password = postgres.path("environment").path(Project.databasePasswordVariable(service)).asText();
            assertEquals("password-of-" + service, password, "postgres creates the role of " + service + " with its password");
            assertEquals(password, environment.path("QUARKUS_DATASOURCE_PASSWORD").asText(), service + ": its database password");
        }
        assertTrue(postgres.path("environment").has("POSTGRES_PASSWORD"), "the superuser has a password");
        assertTrue(mounts(postgres).stream().anyMatch(mount -> mount.getKey().endsWith("/deploy/compose/postgres-init.sh")
                        && mount.getValue().startsWith("/docker-entrypoint-initdb.d/")),
                "postgres runs deploy/compose/postgres-init.sh on its first start: " + postgres.path("volumes"));
    }

    /**
     * A tag that floats ({@code latest}, none at all, a bare major such as {@code postgres:16} or
     * {@code 17-jre}) gives two installs from one file different software. Every image names its exact version (a
     * variant may follow: {@code 17.0.15_6-jre}); Kafka's is the release of the local broker and the services'
     * client, and the containers test mode runs the same images.
     */
    @Test
    void everyImageIsPinnedToAnExactVersionAndKafkasIsTheBrokersRelease() throws Exception {
        JsonNode services = resolved().path("services");
        Pattern exact = Pattern.compile("\\d+\\.\\d+(\\.\\d+)*([_-][A-Za-z0-9._-]+)?");
        Map<String, String> images = new TreeMap<>();
        services.fields().forEachRemaining(service -> images.put(service.getKey(), service.getValue().path("image").asText()));
        images.forEach((service, image) -> {
            int colon = image.lastIndexOf(':');
            String tag = colon < 0 || image.substring(colon).contains("/") ? "" : image.substring(colon + 1);
            assertTrue(exact.matcher(tag).matches(), service + " runs " + image + ": not an exact version");
        });
        assertEquals("apache/kafka:" + AppInfoParser.getVersion(), images.get("kafka"));
        assertEquals(images.get("kafka"), images.get("kafka-topics"));
        assertEquals(ContainerTestInfrastructure.KAFKA_IMAGE, images.get("kafka"), "the containers test mode's Kafka");
        assertEquals(ContainerTestInfrastructure.POSTGRES_IMAGE, images.get("postgres"), "the containers test mode's PostgreSQL");
    }

    @Test
    void theTopicScriptCreatesExactlyTributarysTopics() throws Exception {
        String script = Files.readString(Project.root().resolve("deploy/compose/create-topics.sh"));
        Set<String> created = new HashSet<>();
        Matcher topic = Pattern.compile("(?<![\\w.-])((?:integration|access)\\.[a-z.-]+[a-z])").matcher(script);
        while (topic.find()) {
            created.add(topic.group(1));
        }
        assertEquals(Set.copyOf(Topics.ALL), created);
        assertTrue(script.contains("create " + Topics.API_KEYS + " --config cleanup.policy=compact"));
    }

    @Test
    void theTopicScriptKeepsCredentialsAsBrieflyAsTheLocalBrokersDo() throws Exception {
        String script = Files.readString(Project.root().resolve("deploy/compose/create-topics.sh"));
        Matcher configs = Pattern.compile("CREDENTIAL_CONFIGS=\"retention\\.ms=\\$\\{"
                + KafkaTopics.CREDENTIAL_RETENTION_SETTING + ":-(\\d+)}((?:,[a-z.]+=\\d+)*)\"").matcher(script);
        assertTrue(configs.find(), "the script names the credential topics' configs");
        Map<String, String> scripted = new HashMap<>(Map.of("retention.ms", configs.group(1)));
        for (String config : configs.group(2).substring(1).split(",")) {
            scripted.put(config.substring(0, config.indexOf('=')), config.substring(config.indexOf('=') + 1));
        }
        assertEquals(KafkaTopics.configs(Topics.COMMANDS), scripted);

        // the loop that sets those configs, on every topic that carries credentials and on no other
        Matcher loop = Pattern.compile("for topic in ([^;]+); do((?:(?!done).)*)done", Pattern.DOTALL).matcher(script);
        Set<String> altered = new HashSet<>();
        while (loop.find()) {
            if (loop.group(2).contains("--add-config \"$CREDENTIAL_CONFIGS\"")) {
                altered.addAll(List.of(loop.group(1).replace("\\", " ").trim().split("\\s+")));
            }
        }
        assertEquals(Set.copyOf(Topics.ALL.stream().filter(Topics::carriesCredentials).toList()), altered);
    }
}
