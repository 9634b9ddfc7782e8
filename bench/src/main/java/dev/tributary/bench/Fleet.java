package dev.tributary.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.redshift.RedshiftConnections;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SealingKeyRing;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.sandbox.postgres.LocalPostgres;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet of governance integrations on the Redshift stand-in's fleet fixture: every managed database
 * {@code fleet_<n>} is the one real database {@code fleet} ({@code TRIBUTARY_REDSHIFT_SHARED_DATABASE}, set by
 * {@code ./tributary bench}), each integration on a loopback address of its own with its own system account.
 * Created through the API with automatic setup; checked by a sweep ({@code POST /checks/sweep}) and, as the
 * baseline, by the same queries in a plain JDBC loop.
 */
final class Fleet implements AutoCloseable {
    /** The fixture's base name: the stand-in's {@code TRIBUTARY_REDSHIFT_SHARED_DATABASE}. */
    static final String BASE = "fleet";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration SAMPLE = Duration.ofMillis(250);
    /** The validation-worker's checks ({@code tributary.check.duration}, tags type and outcome). */
    private static final String CHECKS = "tributary_check_duration_seconds_count";
    private static final String PASSED = "outcome=\"passed\"";

    private final int gatewayPort;
    private final int validationPort;
    private final String key;
    private final int redshiftPort;
    private final String adminPassword;
    private final Path state;
    private final String gatewayDatabase;

    /** One integration of the fleet, as its periodic check signs in. */
    record Member(String id, RedshiftConfig config, Credentials systemAccount) {
    }

    Fleet(int gatewayPort, int validationPort, String key, int redshiftPort, String adminPassword, Path state,
          String gatewayDatabase) {
        this.gatewayPort = gatewayPort;
        this.validationPort = validationPort;
        this.key = key;
        this.redshiftPort = redshiftPort;
        this.adminPassword = adminPassword;
        this.state = state;
        this.gatewayDatabase = gatewayDatabase;
    }

    /**
     * Creates {@code count} integrations, {@code inFlight} at a time, each waited for until the status stream shows
     * it enabled; returns how long it took in seconds.
     */
    double create(int count, int inFlight, StatusStream status) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(inFlight);
        Semaphore window = new Semaphore(inFlight);
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                int n = i;
                window.acquire();
                creates.add(clients.submit(() -> {
                    try {
                        status.awaitEnabled(create(n), SETUP_TIMEOUT);
                    } catch (Exception e) {
                        if (failures.incrementAndGet() <= 3) {
                            System.err.println("fleet integration " + n + ": " + e.getMessage());
                        }
                    } finally {
                        window.release();
                    }
                    return null;
                }));
                if (n % 500 == 0) {
                    System.out.printf("fleet: %d of %d sent, %.0f s%n", n, count, (System.nanoTime() - started) / 1e9);
                }
            }
            for (Future<?> create : creates) {
                create.get();
            }
        } finally {
            clients.shutdownNow();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + count + " fleet integrations did not reach enabled");
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private String create(int n) throws Exception {
        String body = """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s", "port": %d,
                 "database": "%s_%d", "initialDatabase": "dev", "authenticationType": "userPassword",
                 "username": "awsuser", "password": "%s"}}""".formatted(host(n), redshiftPort, BASE, n, adminPassword);
        HttpResponse<String> created = CLIENT.send(HttpRequest.newBuilder(gateway("/integrations"))
                .header("Authorization", key).header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() >= 300) {
            throw new IllegalStateException("create failed: " + created.statusCode() + " " + created.body());
        }
        return Json.read(created.body()).path("id").asText();
    }

    /** A loopback address of its own per integration (the stand-in answers on all of 127/8), apart from the other parts'. */
    static String host(int n) {
        return "127.10." + (n / 250) + "." + (n % 250 + 1);
    }

    /**
     * The enabled members with their system accounts, from the gateway's registry. The passwords are opened with the
     * run's own sealing key ({@code <state>/sealing.key}), as the gateway opens them for a check.
     */
    List<Member> members() throws Exception {
        SecretSealer sealer = new SecretSealer(SealingKeyRing.parse(Files.readString(state.resolve("sealing.key")), "sealing.key"));
        List<Member> members = new ArrayList<>();
        try (Connection registry = LocalPostgres.fromEnvironment().connect(gatewayDatabase);
             PreparedStatement query = registry.prepareStatement("SELECT id, spec::text, system_account, sealed_system_password"
                     + " FROM integration WHERE status = 'enabled' AND spec -> 'config' ->> 'database' LIKE ? ORDER BY id")) {
            query.setString(1, BASE + "\\_%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String id = Long.toString(rows.getLong(1));
                    IntegrationSpec spec = Json.MAPPER.readValue(rows.getString(2), IntegrationSpec.class);
                    String password = sealer.unseal(rows.getString(4), SealingContext.systemAccountPassword(id, spec));
                    members.add(new Member(id, (RedshiftConfig) spec.config(), new Credentials(rows.getString(3), password)));
                }
            }
        }
        return members;
    }

    /**
     * The baseline: the queries of the periodic check of a governance integration with nothing governed
     * (RedshiftValidator.validateManualSetup; GovernanceDrift connects only when something is governed), run for every
     * member, {@code parallelism} at a time, by a plain JDBC loop; returns checks per second.
     */
    static ObjectNode directChecks(List<Member> members, int parallelism) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        AtomicLong failures = new AtomicLong();
        long started = System.nanoTime();
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (Member member : members) {
                checks.add(pool.submit(() -> {
                    try {
                        check(member);
                    } catch (SQLException e) {
                        if (failures.incrementAndGet() <= 3) {
                            System.err.println("direct check of " + member.id() + ": " + e.getMessage());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                check.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("checks", members.size()).put("parallelism", parallelism).put("failures", failures.get())
                .put("seconds", round(seconds)).put("checks_per_s", round(members.size() / seconds));
        return result;
    }

    /** One check, as the validation-worker runs it: a connection as the system account to the managed database. */
    private static void check(Member member) throws SQLException {
        RedshiftConfig config = member.config();
        try (Connection connection = DriverManager.getConnection(RedshiftConnections.url(config, config.database()),
                RedshiftConnections.properties(config, member.systemAccount(), Duration.ofSeconds(10), Duration.ofMinutes(1), false))) {
            single(connection, "SELECT version()"); // the connection test's detail
            for (String schema : ManagedDatabaseSetup.SUPPORT_SCHEMAS) {
                exists(connection, "SELECT 1 FROM pg_namespace WHERE nspname = ?", schema);
            }
            for (String relation : List.of(ManagedDatabaseSetup.PROFILE_TABLE, ManagedDatabaseSetup.USER_PROFILE_VIEW)) {
                exists(connection, "SELECT 1 FROM pg_class o JOIN pg_namespace n ON n.oid = o.relnamespace"
                        + " WHERE n.nspname = ? AND o.relname = ?", ManagedDatabaseSetup.SYSTEM_SCHEMA, relation);
            }
            single(connection, "SELECT version()"); // SqlDialect.of, for the case-sensitivity test
        }
    }

    private static void single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
        }
    }

    private static void exists(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("missing: " + String.join(" ", parameters));
                }
            }
        }
    }

    /**
     * A sweep: {@code POST /checks/sweep}, then the gateway's {@code tributary_checks_due} and
     * {@code tributary_checks_in_flight} and the validation-worker's {@code tributary_check_backlog} and check count,
     * sampled every 250 ms until nothing is due or in flight. The rate is the checks that passed over the time from
     * the first sample that saw one pass to the last: integrations of the other parts, whose databases those parts
     * dropped, fail at once and would flatter it.
     */
    ObjectNode sweep(Duration timeout) throws Exception {
        double checksBefore = metric(validationPort, CHECKS, "");
        double passedBefore = metric(validationPort, CHECKS, PASSED);
        long started = System.nanoTime();
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(gateway("/checks/sweep"))
                .header("Authorization", key).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("POST /checks/sweep answered " + answer.statusCode() + " " + answer.body());
        }
        long due = Json.read(answer.body()).path("due").asLong();
        double peakBacklog = 0;
        double peakInFlight = 0;
        double peakDue = 0;
        double checks = checksBefore;
        double passed = passedBefore;
        long firstCheck = -1;
        long lastCheck = -1;
        long deadline = started + timeout.toNanos();
        while (true) {
            Thread.sleep(SAMPLE.toMillis());
            long now = System.nanoTime();
            double dueNow = metric(gatewayPort, "tributary_checks_due", "");
            double inFlight = metric(gatewayPort, "tributary_checks_in_flight", "");
            double backlog = metric(validationPort, "tributary_check_backlog", "");
            checks = metric(validationPort, CHECKS, "");
            double passedNow = metric(validationPort, CHECKS, PASSED);
            peakDue = Math.max(peakDue, dueNow);
            peakInFlight = Math.max(peakInFlight, inFlight);
            peakBacklog = Math.max(peakBacklog, backlog);
            if (passedNow > passed) {
                if (firstCheck < 0) {
                    firstCheck = now;
                }
                lastCheck = now;
                passed = passedNow;
            }
            boolean settled = dueNow == 0 && inFlight == 0 && checks - checksBefore >= due;
            if (settled || now > deadline) {
                ObjectNode result = JsonNodeFactory.instance.objectNode();
                double ran = passed - passedBefore;
                result.put("due", due).put("completed", settled).put("sweep_s", round((now - started) / 1e9))
                        .put("checks", (long) (checks - checksBefore)).put("passed", (long) ran)
                        .put("checks_per_s", lastCheck > firstCheck ? round(ran / ((lastCheck - firstCheck) / 1e9)) : 0)
                        .put("due_peak", (long) peakDue).put("in_flight_peak", (long) peakInFlight)
                        .put("check_backlog_peak", (long) peakBacklog);
                return result;
            }
        }
    }

    /**
     * The sum of a metric's series whose labels hold {@code label} in a service's Prometheus text
     * ({@code /q/metrics}); 0 when it has none.
     */
    private static double metric(int port, String name, String label) throws Exception {
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        double sum = 0;
        for (String line : answer.body().split("\n")) {
            if ((line.startsWith(name + " ") || line.startsWith(name + "{")) && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    /** Drops the shared database and the fleet's system accounts (cluster-wide roles, kept by no database). */
    @Override
    public void close() throws Exception {
        LocalPostgres postgres = LocalPostgres.fromEnvironment();
        postgres.dropDatabase(BASE);
        List<String> roles = new ArrayList<>();
        try (Connection admin = postgres.connect("postgres"); PreparedStatement query = admin.prepareStatement(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE ?")) {
            query.setString(1, BASE + "\\_%\\_system");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    roles.add(rows.getString(1));
                }
            }
        }
        for (String role : roles) {
            postgres.dropRole(role);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
