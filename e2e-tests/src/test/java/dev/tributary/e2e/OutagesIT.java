package dev.tributary.e2e;

import dev.tributary.e2e.Http.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The broker or a service's database going away mid-flight: requests are still accepted (the outbox) or refused
 * with 503 and Retry-After, never a 500; readiness says what is missing; and once the dependency is back,
 * everything completes without restarting a service.
 */
class OutagesIT extends EndToEndTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final List<String> DATABASES = new ArrayList<>();

    @AfterAll
    static void dropWhatTheTestsCreated() throws Exception {
        for (String database : DATABASES) {
            dropManagedDatabase(database);
        }
    }

    private static String newDatabase(String purpose) {
        String database = purpose + "_" + RUN;
        DATABASES.add(database);
        return database;
    }

    @Test
    void whileTheBrokerIsDownCreatesAreAcceptedAndFinishOnceItIsBack() throws Exception {
        assumeTrue(system.launcherRunsKafka(), "the broker is a container (TRIBUTARY_TEST_INFRA), not the launcher's");
        String before = newDatabase("outage_before");
        Answer inFlight = http.createAutomatic("127.0.2.1", before);
        assertEquals(200, inFlight.status(), inFlight.body().toString());

        system.run("stop", "kafka");
        Answer during;
        try {
            during = http.createAutomatic("127.0.2.2", newDatabase("outage_during"));
            // accepted into the outbox: answered once the validation wait runs out, with a note to poll
            assertEquals(202, during.status(), during.body().toString());
            assertEquals("creating", http.gateway("GET", "/integrations/" + during.text("id"), null).text("status"));
            Thread.sleep(5_000); // the broker stays away 15 s or more in all
        } finally {
            system.run("start", "kafka");
        }

        for (String id : List.of(inFlight.text("id"), during.text("id"))) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    "enabled".equals(http.gateway("GET", "/integrations/" + id, null).text("status")));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    "enabled".equals(http.statusService("/integrations/" + id).body().path("status").asText()));
        }
        for (String service : List.of("api-gateway", "validation-worker", "bootstrap-worker", "status-service")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> http.health(service) == 200);
        }
    }

    @Test
    void whileAServiceDatabaseIsAwayItAnswers503AndRecoversWithoutARestart() throws Exception {
        String statusDatabase = system.databasePrefix + "status_service";
        String gatewayDatabase = system.databasePrefix + "api_gateway";

        blockConnections(statusDatabase, true);
        String created;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> http.health("status-service") == 503);
            HttpResponse<String> refused = get(system.statusPort, "/integrations");
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After is set");
            // the gateway is unaffected; the status-service holds the events back until its database returns
            Answer answer = http.createAutomatic("127.0.2.3", newDatabase("outage_view"));
            assertEquals(200, answer.status(), answer.body().toString());
            created = answer.text("id");
        } finally {
            blockConnections(statusDatabase, false);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> http.health("status-service") == 200);
        await().atMost(Duration.ofMinutes(2)).until(() ->
                "enabled".equals(http.statusService("/integrations/" + created).body().path("status").asText()));

        blockConnections(gatewayDatabase, true);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> http.health("api-gateway") == 503);
            Answer refused = http.createAutomatic("127.0.2.4", newDatabase("outage_registry"));
            assertEquals(503, refused.status(), String.valueOf(refused.body()));
            assertEquals(503, http.gateway("GET", "/integrations/" + created, null).status());
        } finally {
            blockConnections(gatewayDatabase, false);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> http.health("api-gateway") == 200);
        assertEquals("enabled", http.gateway("GET", "/integrations/" + created, null).text("status"));
    }

    /** Makes a database refuse new connections and ends the open ones, as a failed-over or stopped server would. */
    private static void blockConnections(String database, boolean blocked) throws Exception {
        try (Connection connection = POSTGRES.connect("postgres"); Statement sql = connection.createStatement()) {
            sql.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS " + !blocked);
            if (blocked) {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            }
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", system.adminKey()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
