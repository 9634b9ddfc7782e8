package dev.tributary.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.sandbox.postgres.LocalPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The projection's speed: a status-service of its own (own database, own consumer group) replays a generated topic
 * of events, and the benchmark counts the timeline rows it writes until every event is in. The ceiling is Kafka's
 * consumer tool ({@code kafka-consumer-perf-test}) reading the same topic, in the same run.
 */
final class Projection {
    static final String TOPIC = "bench.projection.events";
    private static final String DATABASE = "tributary_bench_projection";
    /** What one successful automatic create puts on the topic: started, validated, six steps, succeeded. */
    private static final List<String> STEPS = List.of("database", "system-account", "grants", "impersonation",
            "support-schema", "verify");
    private static final int EVENTS_PER_INTEGRATION = 3 + STEPS.size();
    private static final Duration POLL = Duration.ofMillis(250);

    private final Path root;
    private final String bootstrapServers;
    private final Path logs;

    Projection(Path root, String bootstrapServers, Path logs) {
        this.root = root;
        this.bootstrapServers = bootstrapServers;
        this.logs = logs;
    }

    /** Generates at least {@code minimumEvents} events, replays them, and returns the figures. */
    ObjectNode measure(int minimumEvents, int port, Duration timeout) throws Exception {
        int integrations = (minimumEvents + EVENTS_PER_INTEGRATION - 1) / EVENTS_PER_INTEGRATION;
        long events = (long) integrations * EVENTS_PER_INTEGRATION;
        recreateTopic();
        long producing = System.nanoTime();
        generate(integrations);
        double producedPerSecond = events / seconds(System.nanoTime() - producing);
        double ceiling = consumerToolRate(events);

        LocalPostgres postgres = LocalPostgres.fromEnvironment();
        postgres.dropDatabase(DATABASE);
        postgres.createDatabase(DATABASE);
        Process statusService = startStatusService(postgres, port);
        try {
            Replay replay = awaitTimeline(postgres, events, timeout);
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("events", events).put("integrations", integrations);
            result.put("events_per_s", Math.round(replay.perSecond()));
            result.put("completed", replay.completed());
            result.put("events_folded", replay.folded());
            result.put("enabled_integrations_in_view", count(postgres, "SELECT count(*) FROM integration_view WHERE status = 'enabled'"));
            result.put("consumer_tool_events_per_s", Math.round(ceiling));
            result.put("vs_consumer_tool", Math.round(replay.perSecond() / ceiling * 1000) / 1000.0);
            result.put("generated_per_s", Math.round(producedPerSecond));
            return result;
        } finally {
            statusService.destroy();
            if (!statusService.waitFor(30, TimeUnit.SECONDS)) {
                statusService.destroyForcibly();
            }
            postgres.dropDatabase(DATABASE);
        }
    }

    private void recreateTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (admin.listTopics().names().get().contains(TOPIC)) {
                admin.deleteTopics(List.of(TOPIC)).all().get();
                while (admin.listTopics().names().get().contains(TOPIC)) {
                    Thread.sleep(200);
                }
            }
            for (int attempt = 1; ; attempt++) { // a deleted topic's name may take a moment to be free again
                try {
                    admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (attempt == 20) {
                        throw e;
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    /** The records of {@code integrations} creates that succeed, each integration's in order, keyed by its id. */
    private void generate(int integrations) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.ACKS_CONFIG, "all");
        ValidationResults passed = ValidationResults.of(List.of(
                ValidationTest.passed("Initial Validation: Basic Connection Test", List.of()),
                ValidationTest.passed("Initial Validation: Permission Test", List.of())));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < integrations; i++) {
                String id = Integer.toString(10_000_000 + i);
                UUID operation = UUID.randomUUID();
                String target = "bench-" + i + ".example:5439/analytics";
                List<Envelope> events = new ArrayList<>(EVENTS_PER_INTEGRATION);
                events.add(Envelope.of(MessageTypes.OPERATION_STARTED, id, operation, new OperationStarted(Operation.CREATE,
                        IntegrationStatus.CREATING, IntegrationType.REDSHIFT, true, target,
                        Json.read("{\"host\":\"bench-" + i + ".example\",\"port\":5439,\"database\":\"analytics\"}"))));
                events.add(Envelope.of(MessageTypes.VALIDATION_COMPLETED, id, operation,
                        new ValidationCompleted(Operation.CREATE, passed)));
                for (String step : STEPS) {
                    Instant now = Instant.now();
                    events.add(Envelope.of(MessageTypes.STEP_COMPLETED, id, operation,
                            new StepCompleted(Operation.CREATE, step, now, now.plusMillis(3), StepCompleted.DONE)));
                }
                events.add(Envelope.of(MessageTypes.OPERATION_SUCCEEDED, id, operation, OperationFinished.succeeded(Operation.CREATE)));
                for (Envelope event : events) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, id, EnvelopeCodec.encode(event));
                    EnvelopeCodec.headers(event).forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                    producer.send(record);
                }
            }
            producer.flush();
        }
    }

    /** {@code kafka-consumer-perf-test} over the whole topic: its fetch rate (without the group join) in records/s. */
    private double consumerToolRate(long events) throws Exception {
        Path output = logs.resolve("consumer-perf-test.log");
        Process tool = new ProcessBuilder(javaBin(), "-Xmx512m", "-cp", root.resolve("sandbox/target/kafka-lib") + "/*",
                "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server", bootstrapServers, "--topic", TOPIC,
                "--messages", Long.toString(events), "--group", "bench-consumer-tool-" + System.currentTimeMillis(),
                "--timeout", "60000")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!tool.waitFor(5, TimeUnit.MINUTES) || tool.exitValue() != 0) {
            tool.destroyForcibly();
            throw new IllegalStateException("kafka-consumer-perf-test failed; see " + output);
        }
        // among the tool's log lines: a header line, "start.time, end.time, ...", and later a line of figures
        List<String> lines = Files.readAllLines(output);
        String header = lines.stream().filter(line -> line.startsWith("start.time")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no figures from kafka-consumer-perf-test; see " + output));
        List<String> names = List.of(header.split(",\\s*"));
        String[] values = lines.stream().filter(line -> line.matches("\\d{4}-\\d\\d-\\d\\d .*,.*")).reduce((first, last) -> last)
                .orElseThrow().split(",\\s*");
        return Double.parseDouble(values[names.indexOf("fetch.nMsg.sec")]);
    }

    private Process startStatusService(LocalPostgres postgres, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-Xmx384m", "-jar",
                root.resolve("status-service/target/quarkus-app/quarkus-run.jar").toString());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(DATABASE));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.adminUser());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.adminPassword() == null ? "" : postgres.adminPassword());
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("MP_MESSAGING_INCOMING_EVENTS_TOPIC", TOPIC);
        env.put("MP_MESSAGING_INCOMING_EVENTS_GROUP_ID", "bench-projection-" + System.currentTimeMillis());
        File log = logs.resolve("status-service-projection.log").toFile();
        return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }

    /** How the replay went: events folded per second from the first timeline row to the last (or to the timeout). */
    private record Replay(double perSecond, long folded, boolean completed) {
    }

    private static Replay awaitTimeline(LocalPostgres postgres, long events, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstSeenAt = 0;
        long firstCount = 0;
        long folded = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            try {
                folded = count(postgres, "SELECT count(*) FROM timeline_event");
            } catch (SQLException e) {
                continue; // the service has not created its tables yet
            }
            long now = System.nanoTime();
            if (folded > 0 && firstSeenAt == 0) {
                firstSeenAt = now;
                firstCount = folded;
            }
            if (folded >= events) {
                return new Replay((folded - firstCount) / seconds(now - firstSeenAt), folded, true);
            }
        }
        double elapsed = firstSeenAt == 0 ? Double.NaN : seconds(System.nanoTime() - firstSeenAt);
        return new Replay((folded - firstCount) / elapsed, folded, false);
    }

    private static long count(LocalPostgres postgres, String query) throws SQLException {
        try (Connection connection = postgres.connect(DATABASE); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
