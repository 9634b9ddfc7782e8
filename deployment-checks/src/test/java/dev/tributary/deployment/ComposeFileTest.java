package dev.tributary.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tributary.contracts.Topics;
import dev.tributary.sandbox.kafka.KafkaTopics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docker-compose.yml is what docker-compose accepts, and agrees with the services' configuration and the topics. */
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
        Path root = Project.root();
        ProcessBuilder config = new ProcessBuilder("docker-compose", "--profile", "standins", "-f", "docker-compose.yml", "config")
                .directory(root.toFile()).redirectErrorStream(true);
        config.environment().keySet().removeIf(name -> name.startsWith("TRIBUTARY_") || name.startsWith("AWS_"));
        Process process = config.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "docker-compose config did not finish");
        assertEquals(0, process.exitValue(), "docker-compose config refused docker-compose.yml:\n" + output);
        return new YAMLMapper().readTree(output);
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
            for (String needed : List.of("kafka-topics", "postgres", "keys")) {
                assertFalse(definition.path("depends_on").path(needed).path("condition").asText().isEmpty(),
                        service + " waits for " + needed + " with a condition");
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
