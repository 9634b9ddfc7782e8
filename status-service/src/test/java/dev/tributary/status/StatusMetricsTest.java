package dev.tributary.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The status-service's own metrics on /q/metrics, each moved by what it counts; and the alert rules of
 * docs/operations.md name only metrics their services export.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class StatusMetricsTest {
    /**
     * The metrics of other services the rules may name, by service, as the shared contracts fix them (the Kafka
     * binder's are the status-service's own too, and are checked here).
     */
    private static final Map<String, Set<String>> OTHER_SERVICES = Map.of(
            "validation-worker", Set.of("tributary_check_backlog", "tributary_check_duration_seconds_count",
                    "tributary_check_duration_seconds_sum", "tributary_check_duration_seconds_max", "tributary_checks_running"),
            "api-gateway", Set.of("tributary_checks_due", "tributary_checks_in_flight"));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @TestHTTPResource("/stream")
    URI stream;

    private String reader;

    @BeforeEach
    void grantReaderKey() {
        reader = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.INTEGRATION_READ));
    }

    @Test
    void integrationsAreCountedByStatusAndTypeAndTheOldestOperationIsAged() {
        String running = newId();
        publish(started(running, UUID.randomUUID(), Instant.now().minus(Duration.ofHours(2))));
        String finished = newId();
        UUID operation = UUID.randomUUID();
        publish(started(finished, operation, Instant.now()));
        publish(Envelope.of(MessageTypes.OPERATION_SUCCEEDED, finished, operation, OperationFinished.succeeded(Operation.CREATE)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = metrics();
            assertTrue(value(metrics, "tributary_integrations{status=\"enabled\",type=\"ZeroETL\"}") >= 1, metrics);
            assertTrue(value(metrics, "tributary_integrations{status=\"creating\",type=\"ZeroETL\"}") >= 1);
            assertTrue(value(metrics, "tributary_oldest_operation_age_seconds") >= 2 * 3600 - 60, "the two-hour-old create");
        });
        String empty = "tributary_integrations{status=\"deleteError\",type=\"Redshift\"}";
        String exported = metrics();
        assertTrue(exported.lines().anyMatch(line -> line.startsWith(empty.substring(0, empty.length() - 1))),
                "a status no integration has is a series of its own: " + exported);
        assertEquals(0, value(exported, empty), "a status no integration has is reported as 0, not left out");
    }

    @Test
    void foldedAndDeadLetteredEventsAreCountedAndTheLagIsTheAgeOfTheNewestFoldedEvent() {
        double folded = value(metrics(), "tributary_events_folded_total");
        double deadLettered = value(metrics(), "tributary_events_dead_lettered_total");
        String id = newId();
        publish(started(id, UUID.randomUUID(), Instant.now().minus(Duration.ofHours(1))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = metrics();
            assertTrue(value(metrics, "tributary_events_folded_total") >= folded + 1, metrics);
            assertTrue(value(metrics, "tributary_view_lag_seconds") >= 3500, "the newest event folded is an hour old");
        });
        publish(started(newId(), UUID.randomUUID(), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(value(metrics(), "tributary_view_lag_seconds") < 600, "caught up with the latest event"));

        TopicRecords.send(bootstrapServers, Topics.EVENTS, id, "not an event", Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(deadLettered + 1, value(metrics(), "tributary_events_dead_lettered_total")));
    }

    @Test
    void openStreamsAreCountedUntilTheyClose() throws Exception {
        double before = value(metrics(), "tributary_streams_open");
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream)
                .header("Authorization", reader).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream events = response.body()) {
            events.read(); // the opening comment: subscribed
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertEquals(before + 1, value(metrics(), "tributary_streams_open")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(before, value(metrics(), "tributary_streams_open")));
    }

    @Test
    void everyMetricTheAlertRulesNameIsExportedByItsService() throws Exception {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(alertRules());
        String exported = metrics();
        Set<String> named = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                if (alert.isEmpty() || rule.path("expr").asText().isBlank() || rule.path("annotations").path("action").asText().isBlank()) {
                    problems.add("a rule needs alert, expr and annotations.action (what to do): " + rule);
                }
                Matcher metric = Pattern.compile("\\b((?:tributary|kafka)_[a-z0-9_]+)").matcher(rule.path("expr").asText());
                while (metric.find()) {
                    named.add(metric.group(1));
                }
            }
        }
        assertFalse(named.isEmpty(), "the rules name metrics");
        for (String name : named) {
            boolean elsewhere = OTHER_SERVICES.values().stream().anyMatch(names -> names.contains(name));
            if (!elsewhere && !Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(exported).find()) {
                problems.add(name + " is exported by no service (not on the status-service's /q/metrics, nor another's)");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(named.containsAll(Set.of("tributary_oldest_operation_age_seconds", "tributary_view_lag_seconds",
                "tributary_check_backlog", "tributary_check_duration_seconds_count")), "the four alerts' metrics: " + named);
    }

    /** The YAML block of docs/operations.md's "Alerts" section. */
    private static String alertRules() throws Exception {
        Path document = Path.of("..", "docs", "operations.md");
        String text = Files.readString(document);
        String section = text.substring(text.indexOf("## 6. Alerts"));
        int start = section.indexOf("```yaml\n") + "```yaml\n".length();
        return section.substring(start, section.indexOf("```", start));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the series that begins with {@code series} (a name, or a name with its first labels), 0 if absent. */
    private static double value(String metrics, String series) {
        String prefix = series.endsWith("}") ? series.substring(0, series.length() - 1) : series;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix) && (line.startsWith(prefix + " ") || line.startsWith(prefix + "{")
                    || line.startsWith(prefix + ",") || line.startsWith(prefix + "}"))) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static String newId() {
        return Long.toString(System.nanoTime() % 1_000_000_000L);
    }

    private static Envelope started(String id, UUID operationId, Instant at) {
        return new Envelope(UUID.randomUUID(), MessageTypes.OPERATION_STARTED, id, operationId, at, Envelope.SCHEMA_VERSION,
                Json.tree(new OperationStarted(Operation.CREATE, Operation.CREATE.inProgress(), IntegrationType.ZERO_ETL, true,
                        "integration metrics", Json.tree(Map.of("integrationName", "metrics")))));
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event),
                EnvelopeCodec.headers(event));
    }
}
