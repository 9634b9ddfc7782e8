package dev.tributary.e2e;

import dev.tributary.sandbox.kafka.KafkaBroker;
import dev.tributary.sandbox.rds.RdsStandIn;
import dev.tributary.sandbox.redshift.StatementHolds;
import dev.tributary.sandbox.testing.TestInfrastructure;
import dev.tributary.sandbox.testing.TestInfrastructureChoice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The whole system started through {@code ./tributary up}, exactly as a user starts it, but on free ports, with its
 * own state directory and its own databases. One instance serves every end-to-end test class of the run and is
 * stopped when the test JVM ends. (Its Redshift stand-in resets {@code awsuser}'s password to the local default.)
 * Kafka and PostgreSQL come from the test infrastructure ({@code TRIBUTARY_TEST_INFRA}): with the local processes
 * the launcher starts its own broker, with containers it is pointed at theirs.
 */
final class RunningSystem implements AutoCloseable {
    /** How often the gateway re-validates enabled integrations here, short enough for a test to watch it. */
    static final String REVALIDATION_INTERVAL = "3s";
    /** How often each gateway instance claims the checks that are due: well within the interval above. */
    static final String CHECKS_TICK = "1s";
    private static RunningSystem shared;
    /** The Okta stand-in's administrator (the spec's example), a superuser in the target once signed in. */
    static final String OKTA_ADMIN = "taylor@redshift.com";
    static final String OKTA_ADMIN_PASSWORD = "abc1234";
    static final String OKTA_ADMIN_DB_USER = "okta_taylor";
    /** An Okta identity for a manual setup: its DbUser is its Okta user name (docs/operations.md, "Okta sign-in"). */
    static final String OKTA_SERVICE = "tributary-service@redshift.com";
    static final String OKTA_SERVICE_PASSWORD = "Service-Passw0rd";
    static final String OKTA_USERS = OKTA_ADMIN + "|" + OKTA_ADMIN_PASSWORD + "|" + OKTA_ADMIN_DB_USER + "|okta_admins;"
            + OKTA_SERVICE + "|" + OKTA_SERVICE_PASSWORD + "|" + OKTA_SERVICE;
    static final String OKTA_APPS = "Okta|admin,analyst";

    final TestInfrastructure infrastructure = TestInfrastructureChoice.shared();

    final Path root = Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath().normalize();
    final Path home = root.resolve("e2e-tests/target/e2e-home");
    final String databasePrefix = "tributary_e2e_" + UUID.randomUUID().toString().substring(0, 6) + "_";
    final int gatewayPort = KafkaBroker.freePort();
    final int statusPort = KafkaBroker.freePort();
    final int validationPort = KafkaBroker.freePort();
    final int bootstrapPort = KafkaBroker.freePort();
    final int kafkaPort = KafkaBroker.freePort();
    final int redshiftPort = KafkaBroker.freePort();
    final int rdsPort = KafkaBroker.freePort();
    final int oktaPort = KafkaBroker.freePort();
    /** The Redshift-API stand-in's (HTTPS): its StandInPutTarget control, and the zero-ETL target APIs. */
    final int redshiftApiPort = KafkaBroker.freePort();
    private final Map<String, String> environment = new HashMap<>();
    /** A second api-gateway instance beside the launcher's, while a test runs one ({@link #startSecondGateway}). */
    private Process secondGateway;
    final int secondGatewayPort = KafkaBroker.freePort();

    RunningSystem() throws IOException, InterruptedException {
        deleteRecursively(home);
        environment.put("TRIBUTARY_HOME", home.toString());
        environment.put("TRIBUTARY_DB_PREFIX", databasePrefix);
        environment.put("TRIBUTARY_GATEWAY_PORT", Integer.toString(gatewayPort));
        environment.put("TRIBUTARY_VALIDATION_PORT", Integer.toString(validationPort));
        environment.put("TRIBUTARY_BOOTSTRAP_PORT", Integer.toString(bootstrapPort));
        environment.put("TRIBUTARY_STATUS_PORT", Integer.toString(statusPort));
        environment.put("TRIBUTARY_KAFKA_PORT", Integer.toString(kafkaPort));
        environment.put("TRIBUTARY_KAFKA_CONTROLLER_PORT", Integer.toString(KafkaBroker.freePort()));
        environment.put("TRIBUTARY_REDSHIFT_PORT", Integer.toString(redshiftPort));
        environment.put("TRIBUTARY_REVALIDATION_INTERVAL", REVALIDATION_INTERVAL);
        environment.put("TRIBUTARY_CHECKS_TICK", CHECKS_TICK);
        // every integration the run has made is checked every few seconds, and each check holds connections to the one
        // PostgreSQL that has the services' databases and stands in for the clusters too: two checks at a time per
        // instance keep the whole run inside its max_connections (100 by default)
        environment.put("TRIBUTARY_CHECKS_PARALLELISM", "2");
        environment.put("TRIBUTARY_RDS_PORT", Integer.toString(rdsPort));
        environment.put("TRIBUTARY_RDS_TRANSITION_DELAY", "2S");
        // the stand-in's default sources, and two whose parameters ZeroEtlIT spoils and restores
        environment.put("TRIBUTARY_RDS_SOURCES", String.join(",", RdsStandIn.DEFAULT_SOURCES)
                + ",arn:aws:rds:us-east-1:123456789012:cluster:preflight-mysql|aurora-mysql"
                + ",arn:aws:rds:us-east-1:123456789012:cluster:preflight-pg|aurora-postgresql");
        environment.put("TRIBUTARY_OKTA_PORT", Integer.toString(oktaPort));
        environment.put("TRIBUTARY_STS_PORT", Integer.toString(KafkaBroker.freePort()));
        environment.put("TRIBUTARY_REDSHIFT_API_PORT", Integer.toString(redshiftApiPort));
        environment.put("TRIBUTARY_OKTA_USERS", OKTA_USERS);
        environment.put("TRIBUTARY_OKTA_APPS", OKTA_APPS);
        environment.put("TRIBUTARY_OKTA_SUPERUSERS", OKTA_ADMIN_DB_USER);
        environment.put("TRIBUTARY_LOG_JSON", "true"); // the tests read the services' logs as JSON lines
        environment.put(StatementHolds.ENVIRONMENT, holdsDirectory().toString());
        // the tests read commands and bootstrap work after their operations (TracingIT), which the gateway's purge
        // of read credential records would race; CredentialTopicPurgeTest covers the purge
        environment.put("TRIBUTARY_CREDENTIAL_PURGE_INTERVAL", "off");
        environment.putAll(infrastructure.launcherEnvironment());
        run("up");
    }

    /** The system of this test run, started on first use. */
    static synchronized RunningSystem shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = new RunningSystem();
            RunningSystem started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    System.err.println("stopping the end-to-end system failed: " + e.getMessage());
                }
            }));
        }
        return shared;
    }

    /** Runs a SQL script with psql against the Redshift stand-in, as a person would run a script Tributary handed out. */
    void psql(String database, String user, String password, String script) throws IOException, InterruptedException {
        Path file = Files.createTempFile(home, "script", ".sql");
        Files.writeString(file, script);
        ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file.toString(),
                "host=127.0.0.1 port=" + redshiftPort + " dbname=" + database + " user=" + user + " sslmode=disable")
                .redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("psql failed on " + database + ":\n" + output + "\nscript:\n" + script);
        }
    }

    int portOf(String service) {
        return switch (service) {
            case "api-gateway" -> gatewayPort;
            case "validation-worker" -> validationPort;
            case "bootstrap-worker" -> bootstrapPort;
            case "status-service" -> statusPort;
            default -> throw new IllegalArgumentException("not a service: " + service);
        };
    }

    /** False when the broker is the test infrastructure's (containers): then {@code stop kafka} is a no-op. */
    boolean launcherRunsKafka() {
        return !environment.containsKey(TestInfrastructure.LAUNCHER_KAFKA);
    }

    String bootstrapServers() {
        return launcherRunsKafka() ? "127.0.0.1:" + kafkaPort : environment.get(TestInfrastructure.LAUNCHER_KAFKA);
    }

    /** What {@code config.okta.idpHost} names for the Okta stand-in. */
    String oktaIdpHost() {
        return "127.0.0.1:" + oktaPort;
    }

    String adminKey() throws IOException {
        return Files.readString(home.resolve("admin-api-key")).trim();
    }

    /** Where the Redshift stand-in looks for statements to hold (see {@link StatementHolds}). */
    Path holdsDirectory() {
        return home.resolve("redshift-holds");
    }

    Path sealingKeyFile() {
        return home.resolve("sealing.key");
    }

    List<String> serviceDatabases() {
        return List.of("api_gateway", "validation_worker", "bootstrap_worker", "status_service").stream()
                .map(name -> databasePrefix + name).toList();
    }

    void run(String... arguments) throws IOException, InterruptedException {
        run(Map.of(), arguments);
    }

    /** Runs the launcher with {@code settings} added to the environment (for a component it starts, say). */
    void run(Map<String, String> settings, String... arguments) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path output = home.resolve("launcher.out");
        ProcessBuilder builder = new ProcessBuilder(concat(root.resolve("tributary").toString(), arguments))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(environment);
        builder.environment().putAll(settings);
        builder.environment().remove("TRIBUTARY_ADMIN_API_KEY");
        Process process = builder.start();
        if (!process.waitFor(6, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("./tributary " + String.join(" ", arguments) + " failed:\n" + Files.readString(output));
        }
    }

    /** Sends {@code signal} (STOP, CONT) to a component, as a stalled node or a long pause would. */
    void signal(String name, String signal) throws IOException, InterruptedException {
        String pid = Files.readString(home.resolve("run").resolve(name + ".pid")).trim();
        Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + name + " failed");
        }
    }

    /** Kills a component the hard way (SIGKILL, no shutdown hooks), as a crash or an OOM killer would. */
    void kill9(String name) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(home.resolve("run").resolve(name + ".pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " is not running"));
        process.destroyForcibly();
        process.onExit().join();
    }

    /**
     * Starts a second api-gateway on {@link #secondGatewayPort}, against the same database, broker and keys: the
     * first one's command line and environment (as the launcher gave them, read from /proc), with only the HTTP port
     * changed, so that the two differ in nothing else. Its log is {@code logs/api-gateway-2.log}. Returns once it is
     * ready.
     */
    synchronized void startSecondGateway() throws IOException, InterruptedException {
        if (secondGateway != null && secondGateway.isAlive()) {
            return;
        }
        Path process = Path.of("/proc", Files.readString(home.resolve("run").resolve("api-gateway.pid")).trim());
        List<String> command = List.of(new String(Files.readAllBytes(process.resolve("cmdline"))).split("\0"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("logs").resolve("api-gateway-2.log").toFile()));
        builder.environment().clear();
        for (String variable : new String(Files.readAllBytes(process.resolve("environ"))).split("\0")) {
            int equals = variable.indexOf('=');
            if (equals > 0) {
                builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(secondGatewayPort));
        secondGateway = builder.start();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!secondGateway.isAlive()) {
                throw new IllegalStateException("the second api-gateway exited during start-up; see logs/api-gateway-2.log");
            }
            try {
                if (client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + secondGatewayPort
                        + "/q/health/ready")).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the second api-gateway did not become ready in 2 minutes; see logs/api-gateway-2.log");
    }

    /** Stops the second api-gateway, if one runs (SIGTERM, then SIGKILL after 30 s). */
    synchronized void stopSecondGateway() throws InterruptedException {
        if (secondGateway == null) {
            return;
        }
        secondGateway.destroy();
        if (!secondGateway.waitFor(30, TimeUnit.SECONDS)) {
            secondGateway.destroyForcibly().waitFor();
        }
        secondGateway = null;
    }

    @Override
    public void close() throws Exception {
        try {
            stopSecondGateway();
            run("down");
        } finally {
            for (String database : serviceDatabases()) {
                infrastructure.postgres().dropDatabase(database);
            }
        }
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
