package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.testing.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * One create can be followed from the HTTP call through Kafka to the workers and back: every record it caused
 * carries the same trace in its {@code traceparent} header, and every JSON log line about it, in every service that
 * worked on it, carries that trace id with the integration and operation ids.
 */
class TracingIT extends EndToEndTest {
    private static final String DATABASE = "traced_" + UUID.randomUUID().toString().substring(0, 6);

    @AfterAll
    static void dropWhatTheTestCreated() throws Exception {
        dropManagedDatabase(DATABASE);
    }

    @Test
    void aCreateIsOneTraceAcrossTopicsAndServiceLogs() throws Exception {
        Answer created = http.createAutomatic("127.0.0.72", DATABASE);
        assertEquals(200, created.status(), created.body().toString());
        String id = created.text("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "enabled".equals(http.gateway("GET", "/integrations/" + id, null).text("status")));

        String operationId = TopicRecords.readAll(system.bootstrapServers(), Topics.EVENTS).stream()
                .filter(record -> id.equals(record.key()))
                .map(record -> EnvelopeCodec.decode(record.value()))
                .filter(event -> event.type().equals(MessageTypes.OPERATION_STARTED))
                .findFirst().orElseThrow().operationId().toString();

        Set<String> traceIds = new HashSet<>();
        Set<String> topicsSeen = new HashSet<>();
        for (String topic : List.of(Topics.COMMANDS, Topics.BOOTSTRAP, Topics.EVENTS)) {
            for (ConsumerRecord<String, String> record : TopicRecords.readAll(system.bootstrapServers(), topic)) {
                // the periodic checks of the integration are traces of their own
                if (id.equals(record.key()) && EnvelopeCodec.decode(record.value()).operationId().toString().equals(operationId)) {
                    String traceparent = TopicRecords.header(record, "traceparent");
                    assertNotNull(traceparent, "a record on " + topic + " without traceparent: " + record.value());
                    traceIds.add(traceparent.split("-")[1]);
                    topicsSeen.add(topic);
                }
            }
        }
        assertEquals(Set.of(Topics.COMMANDS, Topics.BOOTSTRAP, Topics.EVENTS), topicsSeen);
        assertEquals(1, traceIds.size(), "the create's records carry one trace: " + traceIds);
        String traceId = traceIds.iterator().next();
        assertFalse(traceId.matches("0+"), "a real trace id");

        // the gateway's "accepted" and "ended" lines, and each worker's lines, all name the integration and the trace
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String service : List.of("api-gateway", "validation-worker", "bootstrap-worker")) {
                Set<String> traces = new HashSet<>();
                for (String line : Files.readAllLines(system.home.resolve("logs").resolve(service + ".log"))) {
                    JsonNode entry = line.startsWith("{") ? Json.read(line) : null;
                    if (entry != null && operationId.equals(entry.path("mdc").path("operationId").asText())) {
                        assertEquals(id, entry.path("mdc").path("integrationId").asText(), line);
                        traces.add(entry.path("mdc").path("traceId").asText());
                    }
                }
                assertEquals(Set.of(traceId), traces, service + " logs the create under its trace");
            }
        });
    }
}
