package dev.tributary.e2e;

import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.redshift.StatementHolds;
import dev.tributary.sandbox.testing.TopicRecords;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of each worker, one of each paused with {@code SIGSTOP} while it is inside a step, long enough for
 * Kafka to hand its partitions to the other, then resumed so that both run at once. The Redshift stand-in holds the
 * step's statement until the test lets it go, so the overlap is certain rather than left to timing. Each operation
 * still has one effect in the target and one outcome on {@code integration.events}.
 */
class RacingWorkersIT extends EndToEndTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final int INTEGRATIONS = 30;
    private static final String HOLD = "racing-workers";
    /** Short, so that the test waits seconds, not Kafka's default 45, for the partitions to move. */
    private static final Map<String, String> QUICK_REBALANCE = Map.of("TRIBUTARY_KAFKA_SESSION_TIMEOUT_MS", "8000");
    private static final Duration TAKE_OVER = Duration.ofSeconds(20);
    private static final List<String> WORKERS = List.of("validation-worker", "bootstrap-worker",
            "validation-worker-2", "bootstrap-worker-2");

    private final StatementHolds holds = new StatementHolds(system.holdsDirectory());

    @AfterAll
    static void dropWhatTheTestCreated() throws Exception {
        for (int i = 0; i < INTEGRATIONS; i++) {
            dropManagedDatabase(database(i));
        }
    }

    private static String database(int i) {
        return "race_" + RUN + "_" + i;
    }

    @Test
    void pausedWorkersThatResumeBesideTheirSuccessorsLeaveOneEffectAndOneOutcomePerOperation() throws Exception {
        for (String worker : WORKERS) {
            system.run("stop", worker);
            system.run(QUICK_REBALANCE, "start", worker);
        }
        awaitBothInstancesHoldPartitions();
        try {
            Map<String, Integer> ids = new HashMap<>();
            List<String> createOperations = new ArrayList<>();
            racing("CREATE DATABASE \"?race_" + RUN + "_", () -> {
                for (int i = 0; i < INTEGRATIONS; i++) {
                    Answer answer = http.createAutomatic("127.0.3." + (i + 1), database(i));
                    assertTrue(answer.status() == 200 || answer.status() == 202, answer.status() + " " + answer.body());
                    ids.put(answer.text("id"), i);
                }
            });
            awaitStatus(ids.keySet(), "enabled");
            assertTargetHolds(ids, true);

            // an edit that turns impersonation on: its first new statement creates the impersonation group
            racing("CREATE GROUP \"?race_" + RUN + "_", () -> {
                for (Map.Entry<String, Integer> id : ids.entrySet()) {
                    Answer answer = http.gateway("PUT", "/integrations/" + id.getKey(), edit(id.getValue()));
                    assertEquals("editing", answer.text("status"), answer.body().toString());
                }
            });
            awaitStatus(ids.keySet(), "enabled");
            for (Map.Entry<String, Integer> id : ids.entrySet()) {
                assertEquals(List.of(group(id.getValue())), firstColumn("postgres",
                        "SELECT groname FROM pg_group WHERE groname = '" + group(id.getValue()) + "'"), "the edit's group exists once");
            }

            racing("DROP DATABASE IF EXISTS \"?race_" + RUN + "_", () -> {
                for (String id : ids.keySet()) {
                    Answer answer = http.gateway("DELETE", "/integrations/" + id, """
                            {"authenticationType": "userPassword", "username": "awsuser", "password": "%s"}""".formatted(RedshiftStandIn.DEFAULT_PASSWORD));
                    assertTrue(answer.status() == 200 || answer.status() == 202, answer.status() + " " + answer.body());
                }
            });
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                for (String id : ids.keySet()) {
                    assertEquals(404, http.gateway("GET", "/integrations/" + id, null).status(), "integration " + id + " is gone");
                }
            });
            assertTargetHolds(ids, false);
            assertOneOutcomePerOperation(ids.keySet());
        } finally {
            holds.release(HOLD);
            for (String worker : WORKERS) {
                system.signal(worker, "CONT");
            }
            system.run("stop", "validation-worker-2");
            system.run("stop", "bootstrap-worker-2");
            for (String worker : List.of("validation-worker", "bootstrap-worker")) {
                system.run("stop", worker);
                system.run("start", worker);
            }
        }
    }

    /**
     * The race starts once both instances of each worker hold partitions of their topic: a rebalance still under way
     * would hand the first instance's work items to the second before any pause, and the second would only wait for
     * them, never reaching the held statements.
     */
    private static void awaitBothInstancesHoldPartitions() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (ConsumerGroupDescription group : admin.describeConsumerGroups(List.of("validation-worker", "bootstrap-worker"))
                        .all().get().values()) {
                    if (group.members().size() != 2 || group.members().stream()
                            .anyMatch(member -> member.assignment().topicPartitions().isEmpty())) {
                        return false;
                    }
                }
                return true;
            });
        }
    }

    /**
     * Holds every statement {@code regex} finds, starts the operations, waits until a third of them are inside the
     * held statement (each instance runs a bounded number at once), pauses the first instance of each worker past the session timeout (its partitions move, and its
     * uncommitted work items reach the second instance), resumes it, and only then lets the statements go on: the
     * paused instance and its successor are now both past the moment a step checks its work.
     */
    private void racing(String regex, ThrowingRunnable operations) throws Exception {
        holds.hold(HOLD, regex);
        operations.run();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> holds.heldCount(HOLD) >= INTEGRATIONS / 3);
        system.signal("validation-worker", "STOP");
        system.signal("bootstrap-worker", "STOP");
        Thread.sleep(TAKE_OVER.toMillis());
        long heldWhilePaused = holds.heldCount(HOLD);
        system.signal("validation-worker", "CONT");
        system.signal("bootstrap-worker", "CONT");
        Thread.sleep(5_000); // a successor running a step twice would have reached the held statement by now
        List<String> held = holds.heldStatements(HOLD);
        System.out.println("RacingWorkersIT: " + heldWhilePaused + " statements held while paused, " + held.size()
                + " after resuming, for " + regex);
        holds.release(HOLD);
        assertTrue(heldWhilePaused > 0, "the paused instances were inside the step");
        // a successor that ran a step its paused predecessor was inside would have sent the same statement again
        assertEquals(new TreeSet<>(held).size(), held.size(), "each statement reached the target once: " + held);
    }

    private String edit(int i) {
        return """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "127.0.3.%d", "port": %d,
                 "database": "%s", "initialDatabase": "dev", "authenticationType": "userPassword",
                 "impersonation": {"enabled": true, "role": "%s"},
                 "username": "awsuser", "password": "%s"}}""".formatted(i + 1, system.redshiftPort, database(i), group(i),
                RedshiftStandIn.DEFAULT_PASSWORD);
    }

    private static String group(int i) {
        return database(i) + "_imp";
    }

    private static void awaitStatus(Set<String> ids, String status) {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (String id : ids) {
                assertEquals(status, http.gateway("GET", "/integrations/" + id, null).text("status"), "integration " + id);
            }
        });
    }

    /** The catalog agrees with the registry: each database and account exists once while live, not at all after. */
    private static void assertTargetHolds(Map<String, Integer> ids, boolean live) throws Exception {
        for (int i : ids.values()) {
            assertEquals(live ? List.of("1") : List.of("0"), firstColumn("postgres",
                    "SELECT count(*) FROM pg_database WHERE datname = '" + database(i) + "'"), database(i));
            assertEquals(live ? List.of("1") : List.of("0"), firstColumn("postgres",
                    "SELECT count(*) FROM pg_roles WHERE rolname = '" + database(i) + "_system'"), database(i) + "_system");
        }
    }

    /** No operation ended two ways: per operation, its outcome messages are one type (repeats keep their id). */
    private static void assertOneOutcomePerOperation(Set<String> ids) {
        Map<UUID, Set<String>> outcomes = new HashMap<>();
        for (var record : TopicRecords.readAll(system.bootstrapServers(), Topics.EVENTS)) {
            if (!ids.contains(record.key())) {
                continue;
            }
            Envelope event = EnvelopeCodec.decode(record.value());
            if (event.type().equals(MessageTypes.OPERATION_SUCCEEDED) || event.type().equals(MessageTypes.OPERATION_FAILED)) {
                outcomes.computeIfAbsent(event.operationId(), operation -> new TreeSet<>()).add(event.type());
            }
        }
        assertEquals(INTEGRATIONS * 3, outcomes.size(), "a create, an edit and a delete of each integration ended");
        outcomes.forEach((operation, types) ->
                assertEquals(Set.of(MessageTypes.OPERATION_SUCCEEDED), types, "operation " + operation + " ended " + types));
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
