package dev.tributary.bench;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.redshift.RedshiftConnections;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SetupStep;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.sql.SystemAccount;
import dev.tributary.sandbox.postgres.LocalPostgres;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Provisioning latency: from sending {@code POST /integrations} (automatic setup on the Redshift stand-in) until the
 * status view reports {@code enabled}, one setup at a time; and, as its baseline, the same setup SQL run directly
 * through the Redshift driver, opening the same two connections the worker opens.
 */
final class Provisioning implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(2);

    private final Target target;
    private final StatusStream status;
    private final List<String> databases = new ArrayList<>();

    Provisioning(Target target, StatusStream status) {
        this.target = target;
        this.status = status;
    }

    /** Where the system runs. */
    record Target(int gatewayPort, String apiKey, int redshiftPort, String adminPassword, String prefix) {
    }

    /** End-to-end latencies of {@code count} creates, one after the other, in microseconds, on hosts numbered from {@code firstHost}. */
    Histogram throughTributary(int count, int firstHost) throws Exception {
        Histogram latencies = new Histogram(600_000_000L, 3);
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            status.awaitEnabled(create(firstHost + i), SETUP_TIMEOUT);
            latencies.recordValue((System.nanoTime() - started) / 1_000);
        }
        return latencies;
    }

    /** Setups finished per second when {@code count} creates are sent {@code concurrency} at a time. */
    double throughput(int count, int concurrency, int firstHost) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        try {
            long started = System.nanoTime();
            List<Future<?>> setups = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int host = firstHost + i;
                setups.add(clients.submit(() -> {
                    status.awaitEnabled(create(host), SETUP_TIMEOUT);
                    return null;
                }));
            }
            for (Future<?> setup : setups) {
                setup.get();
            }
            return count / ((System.nanoTime() - started) / 1e9);
        } finally {
            clients.shutdownNow();
        }
    }

    /** Sends an automatic create for a managed database of its own on the stand-in; returns the integration's id. */
    private String create(int hostNumber) throws Exception {
        String database = target.prefix() + "api_" + hostNumber;
        synchronized (databases) {
            databases.add(database);
        }
        String body = """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s", "port": %d,
                 "database": "%s", "initialDatabase": "dev", "authenticationType": "userPassword",
                 "username": "awsuser", "password": "%s"}}""".formatted(host(hostNumber), target.redshiftPort(),
                database, target.adminPassword());
        HttpResponse<String> created = CLIENT.send(request("/integrations").POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() >= 300) {
            throw new IllegalStateException("create failed: " + created.statusCode() + " " + created.body());
        }
        return Json.read(created.body()).path("id").asText();
    }

    /** The same setups' SQL, run directly: the baseline. */
    Histogram directSql(int count) throws Exception {
        Histogram latencies = new Histogram(600_000_000L, 3);
        for (int i = 0; i < count; i++) {
            String database = target.prefix() + "sql_" + databases.size();
            databases.add(database);
            RedshiftConfig config = new RedshiftConfig("127.0.0.1", target.redshiftPort(), database, "dev",
                    Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null);
            Credentials admin = new Credentials("awsuser", target.adminPassword());
            var properties = RedshiftConnections.properties(config, admin, Duration.ofSeconds(10), Duration.ofMinutes(1), false);
            long started = System.nanoTime();
            try (Connection initial = DriverManager.getConnection(RedshiftConnections.url(config, "dev"), properties)) {
                ManagedDatabaseSetup setup = new ManagedDatabaseSetup(config, SqlDialect.POSTGRESQL);
                List<SetupStep> steps = setup.createSteps(new SystemAccount(config.systemAccount(), "Bench-Passw0rd-" + i));
                Connection managed = null;
                try {
                    for (SetupStep step : steps) {
                        if (step.database() == SetupStep.Target.MANAGED_DATABASE && managed == null) {
                            managed = DriverManager.getConnection(RedshiftConnections.url(config, database), properties);
                        }
                        run(step, step.database() == SetupStep.Target.INITIAL_DATABASE ? initial : managed);
                    }
                } finally {
                    if (managed != null) {
                        managed.close();
                    }
                }
            }
            latencies.recordValue((System.nanoTime() - started) / 1_000);
        }
        return latencies;
    }

    /** Closes the status stream and drops the databases and system accounts this run made. */
    @Override
    public void close() throws Exception {
        status.close();
        LocalPostgres postgres = LocalPostgres.fromEnvironment();
        for (String database : databases) {
            postgres.dropDatabase(database);
            postgres.dropRole(database + "_system");
        }
    }

    private static void run(SetupStep step, Connection connection) throws Exception {
        try (Statement statement = connection.createStatement()) {
            boolean present = false;
            if (step.existenceCheck() != null) {
                try (ResultSet rows = statement.executeQuery(step.existenceCheck())) {
                    present = rows.next();
                }
            }
            for (String sql : present ? step.whenPresent() : step.statements()) {
                statement.execute(sql);
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.gatewayPort() + path))
                .header("Authorization", target.apiKey()).timeout(Duration.ofSeconds(60));
    }

    /** Distinct loopback addresses: the stand-in answers on all of 127/8, the registry wants one host per target. */
    static String host(int n) {
        return "127.1." + (n / 250) + "." + (n % 250 + 1);
    }
}
