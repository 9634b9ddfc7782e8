package dev.tributary.e2e;

import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests that race each other, and a target that never answers, against the running system: exactly one of
 * several concurrent creates on one host is accepted, one of a concurrent edit and delete wins, and a hanging
 * target ends the operation in an error with a timeout message instead of leaving it in {@code creating}.
 */
class ConflictsAndDeadlinesIT extends EndToEndTest {
    private static final String DATABASE = "raced_" + UUID.randomUUID().toString().substring(0, 6);
    private static final int RACERS = 8;

    @AfterAll
    static void dropWhatTheTestsCreated() throws Exception {
        dropManagedDatabase(DATABASE);
        POSTGRES.dropRole(DATABASE + "_imp"); // there when the edit won the race
    }

    @Test
    void ofConcurrentCreatesOnOneHostOneIsAcceptedThenOneOfAnEditAndADeleteWins() throws Exception {
        List<Answer> creates = race(RACERS, () -> http.createAutomatic("127.0.0.73", DATABASE));
        List<Answer> accepted = creates.stream().filter(answer -> answer.status() < 300).toList();
        assertEquals(1, accepted.size(), "exactly one create is accepted: " + statuses(creates));
        assertEquals(RACERS - 1, creates.stream().filter(answer -> answer.status() == 409).count(), statuses(creates));
        String id = accepted.get(0).text("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "enabled".equals(http.gateway("GET", "/integrations/" + id, null).text("status")));

        String edit = """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "127.0.0.73", "port": %d,
                 "database": "%s", "initialDatabase": "dev", "authenticationType": "userPassword",
                 "username": "awsuser", "password": "%s", "impersonation": {"enabled": true, "role": "%s_imp"}}}"""
                .formatted(system.redshiftPort, DATABASE, RedshiftStandIn.DEFAULT_PASSWORD, DATABASE);
        String credentials = "{\"authenticationType\": \"userPassword\", \"username\": \"awsuser\", \"password\": \"%s\"}"
                .formatted(RedshiftStandIn.DEFAULT_PASSWORD);
        List<Answer> changes = race(RACERS, List.of(
                () -> http.gateway("PUT", "/integrations/" + id, edit),
                () -> http.gateway("DELETE", "/integrations/" + id, credentials)));
        assertEquals(1, changes.stream().filter(answer -> answer.status() < 300).count(), "one change wins: " + statuses(changes));
        assertEquals(RACERS - 1, changes.stream().filter(answer -> answer.status() == 409).count(), statuses(changes));

        // whichever won runs to its end, and the integration is left usable or gone, not stuck
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Answer now = http.gateway("GET", "/integrations/" + id, null);
            return now.status() == 404 || "enabled".equals(now.text("status"));
        });
    }

    @Test
    void aTargetThatNeverAnswersEndsTheCreateInAnErrorWithATimeoutMessage() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.74"))) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (!blackHole.isClosed()) {
                        held.add(blackHole.accept()); // accept, then never read or write
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            }, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();

            Instant started = Instant.now();
            Answer created = http.gateway("POST", "/integrations", """
                    {"type": "Redshift", "autoBootstrap": true, "config": {"host": "127.0.0.74", "port": %d,
                     "database": "hanging", "initialDatabase": "dev", "authenticationType": "userPassword",
                     "username": "awsuser", "password": "irrelevant"}}""".formatted(blackHole.getLocalPort()));
            assertTrue(created.status() == 200 || created.status() == 202, created.body().toString());
            String id = created.text("id");

            await().atMost(Duration.ofSeconds(90)).until(() ->
                    "createError".equals(http.gateway("GET", "/integrations/" + id, null).text("status")));
            Answer failed = http.gateway("GET", "/integrations/" + id, null);
            assertTrue(failed.text("message").toLowerCase().contains("timed out"), failed.body().toString());
            // the driver's 10 s login timeout ends it, long before the operation's 10 min deadline would
            assertTrue(Duration.between(started, Instant.now()).compareTo(Duration.ofSeconds(45)) < 0,
                    "ended by the login timeout, not by the deadline");
            assertTrue(!held.isEmpty(), "the validation did reach the hanging target");
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    private static List<Answer> race(int count, Callable<Answer> request) throws Exception {
        return race(count, List.of(request));
    }

    /** Sends {@code count} requests at once, taking turns through {@code requests}. */
    private static List<Answer> race(int count, List<Callable<Answer>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<Answer> request = requests.get(i % requests.size());
                answers.add(pool.submit(() -> {
                    go.await();
                    return request.call();
                }));
            }
            go.countDown();
            List<Answer> results = new ArrayList<>();
            for (Future<Answer> answer : answers) {
                results.add(answer.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String statuses(List<Answer> answers) {
        return answers.stream().map(answer -> answer.status() + " " + answer.body()).toList().toString();
    }
}
