package dev.tributary.e2e;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.RevalidationRequest;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.testing.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two api-gateway processes against one registry sweep once between them: every periodic check of an integration on
 * integration.checks is at least most of an interval after its previous one, never a second copy from the other
 * instance, and an integration whose check is unanswered gets no second one beside it. Read from the topic's records
 * and the registry, so it holds whether or not a worker answers the checks (each answer lets the next interval's
 * check through; none holds the integration back until its check counts as lost).
 */
class CheckSchedulingIT extends EndToEndTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> DATABASES = List.of("cs_a_" + RUN, "cs_b_" + RUN, "cs_c_" + RUN, "cs_d_" + RUN);
    private static final Duration INTERVAL = Duration.parse("PT" + RunningSystem.REVALIDATION_INTERVAL.toUpperCase());

    @AfterAll
    static void stopTheSecondGatewayAndDropWhatTheTestCreated() throws Exception {
        system.stopSecondGateway();
        for (String database : DATABASES) {
            dropManagedDatabase(database);
        }
    }

    @Test
    void twoGatewaysCheckEachIntegrationOncePerIntervalNotOncePerInstance() throws Exception {
        system.startSecondGateway();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < DATABASES.size(); i++) {
            Answer created = http.createAutomatic("127.0.0." + (111 + i), DATABASES.get(i));
            // 202 when the validation outlasts the wait (a system just started, a busy machine): then it is polled
            assertTrue(created.status() == 200 || created.status() == 202, created.body().toString());
            ids.add(created.text("id"));
        }
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(120)).until(() -> "enabled".equals(http.gateway("GET", "/integrations/" + id, null)
                    .text("status")));
        }

        // both instances tick every CHECKS_TICK; watch for several intervals
        Thread.sleep(INTERVAL.multipliedBy(5).toMillis());

        Map<String, List<ConsumerRecord<String, String>>> checks = TopicRecords.readAll(system.bootstrapServers(), Topics.CHECKS)
                .stream().filter(record -> ids.contains(record.key())
                        && MessageTypes.REVALIDATE_INTEGRATION.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE))
                        && !EnvelopeCodec.decodeChecked(record.value()).payloadAs(RevalidationRequest.class).asked())
                .collect(Collectors.groupingBy(ConsumerRecord::key));
        for (String id : ids) {
            List<ConsumerRecord<String, String>> ofId = checks.getOrDefault(id, List.of());
            assertFalse(ofId.isEmpty(), "integration " + id + " is checked within its first interval");
            for (int i = 1; i < ofId.size(); i++) {
                long apart = ofId.get(i).timestamp() - ofId.get(i - 1).timestamp();
                // a claim sets the next check an interval on, less a tenth at most; two instances sweeping on their
                // own would send two checks at most half an interval apart
                assertTrue(apart >= INTERVAL.toMillis() * 6 / 10, "integration " + id + " was checked twice within "
                        + apart + " ms: " + ofId.stream().map(ConsumerRecord::timestamp).toList());
            }
            List<String> schedule = firstColumn(system.databasePrefix + "api_gateway", "SELECT (next_check_at IS NOT NULL)"
                    + " || ' ' || (check_started_at IS NOT NULL OR last_checked_at IS NOT NULL) FROM integration WHERE id = " + id);
            assertEquals(List.of("true true"), schedule, "integration " + id + " has its next check time, and its check is"
                    + " in flight or answered");
        }

        // the second instance answers for the same registry: the view shows the schedule, and a sweep counts them all
        String view = secondGateway("GET", "/integrations/" + ids.get(0)).body();
        assertTrue(Json.read(view).has("nextCheckAt"), view);
        HttpResponse<String> sweep = secondGateway("POST", "/checks/sweep");
        assertEquals(202, sweep.statusCode(), sweep.body());
        assertTrue(Json.read(sweep.body()).get("due").asInt() >= ids.size(), sweep.body());
    }

    private static HttpResponse<String> secondGateway(String method, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.secondGatewayPort + path))
                .header("Authorization", system.adminKey()).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
