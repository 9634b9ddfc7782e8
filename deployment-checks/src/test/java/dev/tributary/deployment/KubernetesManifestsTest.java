package dev.tributary.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every manifest in deploy/k8s parses, and agrees with the services' own configuration. */
class KubernetesManifestsTest {
    private static final Map<String, String> PROBES = Map.of("startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready");

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
                    assertEquals("tributary-secrets", secret.path("name").asText(), name);
                }
            }
            boolean sealingKeyFromSecret = false;
            for (JsonNode variable : container.path("env")) {
                sealingKeyFromSecret |= variable.path("name").asText().equals("TRIBUTARY_SEALING_KEY")
                        && variable.path("valueFrom").has("secretKeyRef");
            }
            if (service.equals("status-service")) {
                assertFalse(container.path("env").toString().contains("TRIBUTARY_SEALING_KEY"),
                        "the status-service opens no sealed secret, so it must not hold the key");
            } else {
                assertTrue(sealingKeyFromSecret, service + ": the sealing key must come from the Secret, not a literal");
            }
            assertEquals("tributary-config", container.path("envFrom").get(0).path("configMapRef").path("name").asText());
        }
        for (String name : shared) {
            assertTrue(anyService.contains(name), "tributary-config sets " + name + ", which no service reads");
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
