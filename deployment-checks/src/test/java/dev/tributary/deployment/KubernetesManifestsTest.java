package dev.tributary.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tributary.sandbox.kafka.KafkaBroker;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every manifest in deploy/k8s parses, agrees with the services' own configuration, and gives each service no more
 * of the Secret than it needs: only its own keys and its own database login.
 */
class KubernetesManifestsTest {
    private static final Map<String, String> PROBES = Map.of("startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready");

    private static final String SECRET = "tributary-secrets";
    /** Stands for every key of the Secret, as envFrom or a volume without items brings them. */
    private static final String EVERY_KEY = "(every key)";

    private static List<JsonNode> documents;

    @BeforeAll
    static void readManifests() throws Exception {
        documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(Project.root().resolve("deploy/k8s"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> parsed = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
                    while (parsed.hasNext()) {
                        JsonNode document = parsed.next();
                        assertTrue(document.hasNonNull("kind"), file + ": a document without a kind");
                        documents.add(document);
                    }
                }
            }
        }
    }

    /** Every Deployment's pod template, by the Deployment's name. */
    private static Map<String, JsonNode> pods() {
        Map<String, JsonNode> pods = new TreeMap<>();
        documents.stream().filter(doc -> doc.path("kind").asText().equals("Deployment")).forEach(deployment ->
                pods.put(deployment.path("metadata").path("name").asText(), deployment.path("spec").path("template").path("spec")));
        return pods;
    }

    /** The keys of tributary-secrets the pod's containers can read. */
    private static Set<String> secretKeys(JsonNode pod) {
        Set<String> keys = new TreeSet<>();
        for (JsonNode container : containers(pod)) {
            for (JsonNode variable : container.path("env")) {
                JsonNode reference = variable.path("valueFrom").path("secretKeyRef");
                if (reference.path("name").asText().equals(SECRET)) {
                    keys.add(reference.path("key").asText());
                }
            }
            for (JsonNode source : container.path("envFrom")) {
                if (source.path("secretRef").path("name").asText().equals(SECRET)) {
                    keys.add(EVERY_KEY);
                }
            }
        }
        List<JsonNode> secretVolumes = new ArrayList<>();
        for (JsonNode volume : pod.path("volumes")) {
            secretVolumes.add(volume.path("secret"));
            volume.path("projected").path("sources").forEach(source -> secretVolumes.add(source.path("secret")));
        }
        for (JsonNode secret : secretVolumes) {
            if (secret.path("secretName").asText().equals(SECRET) || secret.path("name").asText().equals(SECRET)) {
                if (secret.path("items").isEmpty()) {
                    keys.add(EVERY_KEY);
                }
                secret.path("items").forEach(item -> keys.add(item.path("key").asText()));
            }
        }
        return keys;
    }

    private static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        return containers;
    }

    /** The env entry that sets the variable in one of the pod's containers; a missing node when none does. */
    private static JsonNode variable(JsonNode pod, String name) {
        for (JsonNode container : containers(pod)) {
            for (JsonNode env : container.path("env")) {
                if (env.path("name").asText().equals(name)) {
                    return env;
                }
            }
        }
        return MissingNode.getInstance();
    }

    private static boolean setsVariable(JsonNode pod, String name) {
        return !variable(pod, name).isMissingNode();
    }

    /** The secretKeyRef the variable's value comes from; a missing node when it has none. */
    private static JsonNode secretKeyRef(JsonNode pod, String name) {
        return variable(pod, name).path("valueFrom").path("secretKeyRef");
    }

    private static JsonNode find(String kind, String name) {
        return documents.stream().filter(doc -> doc.path("kind").asText().equals(kind)
                        && doc.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s"));
    }

    @Test
    void everyServiceListensWhereItsConfigurationSaysAndIsProbedOnItsHealthEndpoints() throws Exception {
        for (String service : Project.SERVICES) {
            JsonNode container = find("Deployment", service).path("spec").path("template").path("spec").path("containers").get(0);
            JsonNode port = container.path("ports").get(0);
            assertEquals("http", port.path("name").asText(), service);
            assertEquals(KnownSettings.httpPort(service), port.path("containerPort").asInt(), service + ": containerPort");
            PROBES.forEach((probe, path) -> {
                JsonNode get = container.path(probe).path("httpGet");
                assertEquals(path, get.path("path").asText(), service + " " + probe);
                assertEquals("http", get.path("port").asText(), service + " " + probe + " port");
            });
            assertFalse(container.path("resources").path("requests").path("cpu").asText().isEmpty(), service + ": cpu request");
            assertFalse(container.path("resources").path("requests").path("memory").asText().isEmpty(), service + ": memory request");
            assertEquals("http", find("Service", service).path("spec").path("ports").get(0).path("targetPort").asText());
            assertEquals(service, find("PodDisruptionBudget", service).path("spec").path("selector").path("matchLabels")
                    .path("app.kubernetes.io/name").asText());
        }
    }

    @Test
    void everyEnvironmentVariableIsASettingTheServiceKnowsAndSecretsComeFromTheSecret() throws Exception {
        Set<String> shared = new HashSet<>();
        find("ConfigMap", "tributary-config").path("data").fieldNames().forEachRemaining(shared::add);
        find("ConfigMap", "tributary-workers").path("data").fieldNames().forEachRemaining(shared::add);
        Set<String> anyService = new HashSet<>();
        for (String service : Project.SERVICES) {
            Set<String> known = KnownSettings.environmentVariables(service);
            anyService.addAll(known);
            JsonNode container = find("Deployment", service).path("spec").path("template").path("spec").path("containers").get(0);
            for (JsonNode variable : container.path("env")) {
                String name = variable.path("name").asText();
                assertTrue(known.contains(name), service + " does not read " + name);
                JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
                if (!secret.isMissingNode()) {
                    assertEquals(SECRET, secret.path("name").asText(), name);
                }
            }
            assertEquals("tributary-config", container.path("envFrom").get(0).path("configMapRef").path("name").asText());
        }
        for (String name : shared) {
            assertTrue(anyService.contains(name), "tributary-config sets " + name + ", which no service reads");
        }
    }

    /**
     * A pod reaches a key through the setting that carries it or its file, or through the Secret's key, by env, by
     * envFrom (which brings every key) or by a volume. Every Deployment is looked at, not only the four services.
     */
    @Test
    void onlyTheGatewayAndTheWorkersCanReachTheSealingKeyAndOnlyTheGatewayTheAdminKey() {
        Map<String, String> secretKeyOf = Map.of("TRIBUTARY_SEALING_KEY", "sealing-key", "TRIBUTARY_ADMIN_API_KEY", "admin-api-key");
        Map<String, JsonNode> pods = pods();
        assertTrue(pods.keySet().containsAll(Project.SERVICES));

        Map<String, Set<String>> reached = new TreeMap<>();
        Map<String, Set<String>> expected = new TreeMap<>();
        pods.forEach((name, pod) -> {
            Set<String> readable = secretKeys(pod);
            Set<String> keys = new TreeSet<>();
            secretKeyOf.forEach((setting, key) -> {
                if (readable.contains(key) || readable.contains(EVERY_KEY) || setsVariable(pod, setting) || setsVariable(pod, setting + "_FILE")) {
                    keys.add(setting);
                }
            });
            reached.put(name, keys);
            expected.put(name, Project.keysAllowedFor(name));
        });
        assertEquals(expected, reached, "the keys each Deployment can reach");
        expected.forEach((name, settings) -> settings.forEach(setting ->
                assertEquals(secretKeyOf.get(setting), secretKeyRef(pods.get(name), setting).path("key").asText(),
                        name + ": " + setting + " must come from the Secret, not a literal")));
    }

    @Test
    void everyServiceConnectsToPostgresqlAsItsOwnUserWhoseNameAndPasswordComeFromTheSecret() {
        for (String shared : List.of("tributary-config", "tributary-workers")) {
            JsonNode data = find("ConfigMap", shared).path("data");
            assertFalse(data.has("QUARKUS_DATASOURCE_USERNAME") || data.has("QUARKUS_DATASOURCE_PASSWORD"),
                    shared + " is read by several services, so it must not name a database user");
        }
        Set<String> secretKeys = new HashSet<>();
        for (String service : Project.SERVICES) {
            JsonNode pod = find("Deployment", service).path("spec").path("template").path("spec");
            assertEquals(service + "-database-username", secretKeyRef(pod, "QUARKUS_DATASOURCE_USERNAME").path("key").asText(),
                    service + ": its database user, from the Secret");
            assertEquals(service + "-database-password", secretKeyRef(pod, "QUARKUS_DATASOURCE_PASSWORD").path("key").asText(),
                    service + ": its database password, from the Secret");
            secretKeys.addAll(List.of(service + "-database-username", service + "-database-password"));
        }
        pods().forEach((name, pod) -> {
            Set<String> others = new HashSet<>(secretKeys);
            others.removeAll(Set.of(name + "-database-username", name + "-database-password"));
            Set<String> readable = secretKeys(pod);
            assertFalse(readable.contains(EVERY_KEY), name + " reads every key of the Secret, other services' logins too");
            readable.retainAll(others);
            assertEquals(Set.of(), readable, name + " reads another service's database login");
        });
    }

    @Test
    void everyKeyTheDeploymentsReadFromTheSecretIsDocumented() throws Exception {
        String guide = Files.readString(Project.root().resolve("docs/deployment.md"));
        for (JsonNode pod : pods().values()) {
            for (String key : secretKeys(pod)) {
                assertTrue(key.equals(EVERY_KEY) || guide.contains("`" + key + "`"), "docs/deployment.md does not name the Secret's key " + key);
            }
        }
    }

    @Test
    void workersScaleUpToThePartitionCountAndNoFurther() {
        for (String worker : List.of("validation-worker", "bootstrap-worker")) {
            JsonNode spec = find("HorizontalPodAutoscaler", worker).path("spec");
            assertEquals(worker, spec.path("scaleTargetRef").path("name").asText());
            assertTrue(spec.path("maxReplicas").asInt() <= KafkaBroker.DEFAULT_PARTITIONS,
                    worker + ": more replicas than partitions would sit idle");
        }
    }

    @Test
    void theKustomizationListsEveryManifest() throws Exception {
        Path directory = Project.root().resolve("deploy/k8s");
        JsonNode kustomization = new YAMLMapper().readTree(directory.resolve("kustomization.yaml").toFile());
        Set<String> listed = new HashSet<>();
        kustomization.path("resources").forEach(resource -> listed.add(resource.asText()));
        Set<String> present = new HashSet<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).forEach(present::add);
        }
        assertEquals(present, listed);
    }
}
