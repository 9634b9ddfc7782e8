package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.testing.TopicRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Automatic setups while services are killed with SIGKILL and started again, and while two instances of each worker
 * share the work. Each setup still ends {@code enabled}, each database and account exists once, no step is done
 * twice, and the status view agrees with the registry.
 */
class CrashSafetyIT extends EndToEndTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final int INTEGRATIONS = 20;
    /** Setups made while two instances of each worker run. */
    private static final int SCALED = 8;
    private static final List<String> SERVICES = List.of("bootstrap-worker", "validation-worker", "api-gateway", "status-service");
    private static final List<String> CREATE_STEPS = List.of("create-database", "create-system-account", "restrict-database",
            "create-support-schemas", "create-support-tables", "grant-privileges");

    @AfterAll
    static void dropWhatTheTestCreated() throws Exception {
        for (int i = 0; i < INTEGRATIONS + SCALED; i++) {
            dropManagedDatabase(database(i));
        }
    }

    private static String database(int i) {
        return "crash_" + RUN + "_" + i;
    }

    @Test
    void setupsSurviveEveryServiceBeingKilledMidFlight() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("CrashSafetyIT seed " + seed);

        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Answer>> posts = new ArrayList<>();
        for (int i = 0; i < INTEGRATIONS; i++) {
            int n = i;
            posts.add(clients.submit(() -> http.createAutomatic("127.0.1." + (n + 1), database(n))));
        }
        // the workers die while the creates are being validated and set up
        for (String worker : List.of("bootstrap-worker", "validation-worker")) {
            Thread.sleep(200 + random.nextInt(1500));
            system.kill9(worker);
            system.run("start", worker);
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < INTEGRATIONS; i++) {
            Answer answer = posts.get(i).get();
            assertTrue(answer.status() == 200 || answer.status() == 202, answer.status() + " " + answer.body());
            ids.put(answer.text("id"), i);
        }
        clients.shutdown();
        // the gateway and the status-service die while operations are still in flight
        for (String service : List.of("api-gateway", "status-service")) {
            Thread.sleep(random.nextInt(1000));
            system.kill9(service);
            system.run("start", service);
        }

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (String id : ids.keySet()) {
                assertEquals("enabled", http.gateway("GET", "/integrations/" + id, null).text("status"), "integration " + id);
            }
        });

        assertEachSetupHappenedOnce(ids, 0, INTEGRATIONS);
        for (String service : SERVICES) {
            assertEquals(200, http.health(service), service + " is ready again");
        }
    }

    @Test
    void workOfAKilledWorkerInstanceMovesToTheOtherInstanceAndIsDoneOnce() throws Exception {
        system.run("start", "validation-worker-2");
        system.run("start", "bootstrap-worker-2");
        try {
            // the first bootstrap-worker dies before the work arrives: its partitions must move to the second
            system.kill9("bootstrap-worker");
            Map<String, Integer> ids = new HashMap<>();
            for (int i = INTEGRATIONS; i < INTEGRATIONS + SCALED; i++) {
                Answer answer = http.createAutomatic("127.0.1." + (i + 1), database(i));
                assertTrue(answer.status() == 200 || answer.status() == 202, answer.status() + " " + answer.body());
                ids.put(answer.text("id"), i);
                if (i == INTEGRATIONS + SCALED / 2) {
                    system.kill9("validation-worker-2"); // and a validation-worker dies mid-way
                }
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                for (String id : ids.keySet()) {
                    assertEquals("enabled", http.gateway("GET", "/integrations/" + id, null).text("status"), "integration " + id);
                }
            });
            assertEachSetupHappenedOnce(ids, INTEGRATIONS, SCALED);
            long handledBySecond = Files.readAllLines(system.home.resolve("logs").resolve("bootstrap-worker-2.log")).stream()
                    .filter(line -> line.contains("handled BootstrapRequested")).count();
            assertTrue(handledBySecond >= SCALED, "the second bootstrap-worker did the setups: " + handledBySecond);
        } finally {
            system.run("stop", "validation-worker-2");
            system.run("stop", "bootstrap-worker-2");
            system.run("start", "bootstrap-worker");
        }
    }

    /**
     * Each database and its account exist exactly once with the support schemas; every setup step of every create
     * ran once to its effect (a step repeated after a crash found its work done); and the status view agrees.
     */
    private static void assertEachSetupHappenedOnce(Map<String, Integer> ids, int first, int count) throws Exception {
        try (Connection postgres = POSTGRES.connect("postgres"); Statement sql = postgres.createStatement()) {
            for (int i = first; i < first + count; i++) {
                assertEquals(1, count(sql, "SELECT count(*) FROM pg_database WHERE datname = '" + database(i) + "'"));
                assertEquals(1, count(sql, "SELECT count(*) FROM pg_roles WHERE rolname = '" + database(i) + "_system'"));
            }
        }
        for (int i = first; i < first + count; i++) {
            try (Connection managed = POSTGRES.connect(database(i)); Statement sql = managed.createStatement()) {
                assertEquals(3, count(sql, "SELECT count(*) FROM pg_namespace WHERE nspname IN"
                        + " ('immuta_system', 'immuta_functions', 'immuta_procedures')"), database(i));
            }
        }

        // per integration and step, the distinct StepCompleted messages (a replayed message keeps its id)
        Map<String, Map<String, Map<UUID, String>>> outcomes = new HashMap<>();
        for (var record : TopicRecords.readAll(system.bootstrapServers(), Topics.EVENTS)) {
            if (!ids.containsKey(record.key())) {
                continue; // other tests' records, some of them deliberately unreadable
            }
            Envelope event = EnvelopeCodec.decode(record.value());
            if (event.type().equals(MessageTypes.STEP_COMPLETED)) {
                StepCompleted step = event.payloadAs(StepCompleted.class);
                outcomes.computeIfAbsent(event.integrationId(), id -> new HashMap<>())
                        .computeIfAbsent(step.step(), name -> new HashMap<>()).put(event.messageId(), step.outcome());
            }
        }
        for (String id : ids.keySet()) {
            Map<String, Map<UUID, String>> steps = outcomes.getOrDefault(id, Map.of());
            assertEquals(new TreeSet<>(CREATE_STEPS), new TreeSet<>(steps.keySet()), "steps of integration " + id);
            steps.forEach((step, messages) -> {
                assertTrue(Set.of(StepCompleted.DONE, StepCompleted.ALREADY_PRESENT).containsAll(messages.values()),
                        "integration " + id + " step " + step + " ended " + messages.values());
                assertTrue(messages.values().stream().filter(StepCompleted.DONE::equals).count() <= 1,
                        "integration " + id + " step " + step + " was done twice: " + messages.values());
            });
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String id : ids.keySet()) {
                JsonNode view = http.statusService("/integrations/" + id).body();
                assertEquals("enabled", view.path("status").asText(), "status view of " + id);
                assertTrue(view.path("currentOperation").isMissingNode(), "no operation left open in the view of " + id);
            }
        });
    }

    private static long count(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
