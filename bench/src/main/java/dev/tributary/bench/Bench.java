package dev.tributary.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a system that {@code ./tributary bench} has just started, each figure next to a baseline taken in the
 * same run, and writes {@code bench/results/latest.json} and {@code latest.md}.
 *
 * <p>Arguments: {@code <state-dir> <gateway-port> <status-port> <redshift-port> <kafka-port> [--quick]
 * [--only part,...]}; {@code --only} measures some of provisioning, kafka, status, projection, fleet, intake and rss,
 * and writes
 * {@code only-<parts>.json} instead of {@code latest.json}. It runs
 * from the project's root, which it needs for {@code ./tributary} (the second bootstrap-worker) and the jars.
 */
public final class Bench {
    private static final List<String> SERVICES = List.of("api-gateway", "validation-worker", "bootstrap-worker", "status-service");
    private static final List<String> PARTS = List.of("provisioning", "kafka", "status", "projection", "fleet", "intake", "rss");
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    /** A no-op JAX-RS endpoint on every service (204, no key): the framework's ceiling on this machine. */
    private static final String BARE = "/ping";
    private static final int CLIENTS = 8;
    /** Long enough for what a setup leaves behind (the registry's update, the view's) to be done. */
    private static final Duration SETTLE = Duration.ofMillis(100);

    private final Path state;
    private final int gatewayPort;
    private final int statusPort;
    private final int redshiftPort;
    private final String bootstrapServers;
    private final boolean quick;
    private final String key;
    private final Duration warmUp;
    private final Duration measured;
    private final ObjectNode results = JsonNodeFactory.instance.objectNode();

    private Bench(String[] args) throws Exception {
        state = Path.of(args[0]);
        gatewayPort = Integer.parseInt(args[1]);
        statusPort = Integer.parseInt(args[2]);
        redshiftPort = Integer.parseInt(args[3]);
        bootstrapServers = "127.0.0.1:" + Integer.parseInt(args[4]);
        quick = List.of(args).contains("--quick");
        key = Files.readString(state.resolve("admin-api-key")).trim();
        warmUp = Duration.ofSeconds(quick ? 5 : 15);
        measured = Duration.ofSeconds(quick ? 15 : 60);
    }

    public static void main(String[] args) throws Exception {
        List<String> parts = PARTS;
        int only = List.of(args).indexOf("--only");
        if (only >= 0) {
            parts = List.of(args[only + 1].split(","));
            if (!PARTS.containsAll(parts)) {
                throw new IllegalArgumentException("--only takes some of " + PARTS + ", comma-separated");
            }
        }
        new Bench(args).run(parts);
    }

    /** Measures the parts in the order of {@link #PARTS}, then memory and start-up, and writes the results. */
    private void run(List<String> parts) throws Exception {
        results.put("run_at", Instant.now().toString()).put("mode", quick ? "quick" : "full")
                .put("machine", Runtime.getRuntime().availableProcessors() + " cores");
        // status reads go before intake, which leaves thousands of failing validations to work off in the background
        for (String part : PARTS) {
            if (parts.contains(part)) {
                switch (part) {
                    case "provisioning" -> provisioningAndScale();
                    case "kafka" -> kafkaHops();
                    case "status" -> statusReads();
                    case "projection" -> projection();
                    case "intake" -> intake();
                    case "fleet" -> fleet();
                    case "rss" -> { } // the four services' peaks, summed below whatever else ran
                    default -> throw new IllegalStateException(part);
                }
            }
        }
        servicesMemoryAndStartup();

        Path out = Path.of("bench", "results");
        Files.createDirectories(out);
        String name = parts.equals(PARTS) ? "latest" : "only-" + String.join("-", parts);
        Files.writeString(out.resolve(name + ".json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        Files.writeString(out.resolve(name + ".md"), Summary.markdown(results));
        System.out.println(Summary.markdown(results));
    }

    /** 1 and 6: one setup at a time against the same SQL run directly; then setups per second on one and two workers. */
    private void provisioningAndScale() throws Exception {
        int setups = quick ? 100 : 300; // at least 100, so that the p99 is not simply the slowest one
        int scaleSetups = quick ? 24 : 96;
        try (Provisioning provisioning = provisioning()) {
            // warm-up until the JIT has compiled both paths: the figures are for a running system (start-up is
            // reported on its own)
            int warmUps = quick ? 20 : 50;
            provisioning.throughTributary(warmUps, 1_000);
            provisioning.directSql(warmUps);
            // in turns, one of each, so that a drift of the machine falls on both; each starts on a settled system,
            // so that the baseline does not share the cores with the work a setup leaves behind (registry, view)
            Histogram throughTributary = new Histogram(600_000_000L, 3);
            Histogram directSql = new Histogram(600_000_000L, 3);
            for (int i = 0; i < setups; i++) {
                throughTributary.add(provisioning.throughTributary(1, i));
                Thread.sleep(SETTLE.toMillis());
                directSql.add(provisioning.directSql(1));
                Thread.sleep(SETTLE.toMillis());
            }
            Percentiles tributary = Percentiles.of(throughTributary);
            Percentiles direct = Percentiles.of(directSql);
            results.put("provision_p50_vs_direct_sql", ratio(tributary.p50(), direct.p50()));
            results.put("provision_p99_vs_direct_sql", ratio(tributary.p99(), direct.p99()));
            ObjectNode detail = results.putObject("provision");
            detail.set("post_to_enabled", tributary.json());
            detail.set("direct_sql_baseline", direct.json());

            int inFlight = 8;
            ObjectNode scale = results.putObject("scale");
            scale.put("setups", scaleSetups).put("in_flight", inFlight);
            double one = provisioning.throughput(scaleSetups, inFlight, 2_000);
            launcher("start", "bootstrap-worker-2");
            Thread.sleep(5_000); // the group's rebalance hands the new instance its partitions
            double two = provisioning.throughput(scaleSetups, inFlight, 3_000);
            launcher("stop", "bootstrap-worker-2");
            scale.put("one_bootstrap_worker_setups_per_s", round(one)).put("two_bootstrap_workers_setups_per_s", round(two))
                    .put("two_vs_one", ratio(two, one));
        }
    }

    /**
     * Kafka hops: the services' mean time from a record's send to its handler over ordinary setups, against
     * Kafka's own end-to-end latency (p50) on the same broker. The workers' ports come from the launcher's
     * environment, as {@code ./tributary} gives them.
     */
    private void kafkaHops() throws Exception {
        Map<String, Integer> ports = Map.of("api-gateway", gatewayPort, "status-service", statusPort,
                "validation-worker", Integer.parseInt(System.getenv().getOrDefault("TRIBUTARY_VALIDATION_PORT", "8081")),
                "bootstrap-worker", Integer.parseInt(System.getenv().getOrDefault("TRIBUTARY_BOOTSTRAP_PORT", "8082")));
        try (Provisioning provisioning = provisioning()) {
            ObjectNode kafka = new KafkaHops(Path.of("").toAbsolutePath(), bootstrapServers, state.resolve("logs"), ports)
                    .measure(provisioning, quick ? 10 : 20, quick ? 40 : 100, quick ? 5_000 : 20_000);
            results.put("kafka_hop_vs_end_to_end_latency", kafka.path("kafka_hop_vs_end_to_end_latency").asDouble());
            results.set("kafka", kafka);
        }
    }

    /** 3: {@code GET /integrations/{id}} on the status-service against its bare endpoint, measured in turns. */
    private void statusReads() throws Exception {
        List<String> ids = integrationIds();
        if (ids.isEmpty()) { // measured alone (--only status): make a few integrations to read
            try (Provisioning provisioning = provisioning()) {
                provisioning.throughTributary(10, 4_000);
            }
            await(() -> integrationIds().size() >= 10, Duration.ofSeconds(30));
            ids = integrationIds();
        }
        List<String> readable = ids;
        LoadRun.Comparison reads = LoadRun.inTurns(CLIENTS, warmUp, measured, 4,
                new LoadRun.Load(n -> get(statusPort, "/integrations/" + readable.get((int) (n % readable.size())), key),
                        status -> status == 200),
                new LoadRun.Load(n -> get(statusPort, BARE, null), status -> status == 204));
        results.put("status_read_vs_bare_endpoint", ratio(reads.measured().requestsPerSecond(), reads.baseline().requestsPerSecond()));
        results.set("status_read", load(reads.measured(), reads.baseline()));
    }

    /** 4: a status-service of its own replays a generated topic, against Kafka's consumer tool on the same topic. */
    private void projection() throws Exception {
        ObjectNode projection = new Projection(Path.of("").toAbsolutePath(), bootstrapServers, state.resolve("logs"))
                .measure(500_000, statusPort + 1, Duration.ofMinutes(quick ? 4 : 10));
        results.put("projection_events_per_s", projection.path("events_per_s").asLong());
        results.put("projection_vs_consumer_tool", projection.path("vs_consumer_tool").asDouble());
        results.set("projection", projection);
    }

    /**
     * 2: creates accepted per second with the validation wait off, each on its own host, against the bare endpoint.
     * The bare endpoint goes first, not in turns: creates leave work behind (validations, events) that would slow it.
     */
    private void intake() throws Exception {
        LoadRun.Result bare = LoadRun.run(CLIENTS, warmUp, measured,
                new LoadRun.Load(n -> get(gatewayPort, BARE, null), status -> status == 204));
        LoadRun.Result intake = LoadRun.run(CLIENTS, warmUp, measured, new LoadRun.Load(n -> HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gatewayPort + "/integrations"))
                .header("Authorization", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(unreachableCreate(n))).build(), status -> status < 300));
        results.put("intake_vs_bare_endpoint", ratio(intake.requestsPerSecond(), bare.requestsPerSecond()));
        results.set("intake", load(intake, bare));
    }

    /** 5: peak RSS and start-up of each service in this run, and the four services' peaks together. */
    private void servicesMemoryAndStartup() throws Exception {
        ObjectNode services = results.putObject("services");
        long system = 0;
        for (String service : SERVICES) {
            ObjectNode figures = services.putObject(service);
            long pid = Long.parseLong(Files.readString(state.resolve("run").resolve(service + ".pid")).trim());
            long peak = peakRssMib(pid);
            system += peak;
            figures.put("peak_rss_mib", peak);
            figures.put("startup_s", startupSeconds(state.resolve("logs").resolve(service + ".log")));
        }
        results.put("system_peak_rss_mib", system);
    }

    /** 7: a fleet on the stand-in's fleet fixture, re-checked by a sweep; see {@link FleetRun}. */
    private void fleet() throws Exception {
        new FleetRun(gatewayPort, statusPort, key, redshiftPort, state, quick).measure(results);
    }

    private static ObjectNode load(LoadRun.Result measured, LoadRun.Result baseline) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("per_second", Math.round(measured.requestsPerSecond()));
        node.put("failures", measured.failures());
        node.set("latency", Percentiles.of(measured.latencyMicros()).json());
        ObjectNode base = node.putObject("bare_endpoint");
        base.put("path", BARE).put("per_second", Math.round(baseline.requestsPerSecond()));
        base.set("latency", Percentiles.of(baseline.latencyMicros()).json());
        return node;
    }

    private static HttpRequest get(int port, String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (key != null) {
            request.header("Authorization", key);
        }
        return request.build();
    }

    /** A create on a host of its own where nothing listens (port 1 refuses at once), so validation ends quickly. */
    private static String unreachableCreate(long n) {
        return """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "127.%d.%d.%d", "port": 1,
                 "database": "intake", "initialDatabase": "dev", "authenticationType": "userPassword",
                 "username": "awsuser", "password": "irrelevant"}}""".formatted(2 + n / 62_500, n / 250 % 250, n % 250 + 1);
    }

    private List<String> integrationIds() throws Exception {
        var answer = java.net.http.HttpClient.newHttpClient().send(get(statusPort, "/integrations?status=enabled&limit=500", key),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        List<String> ids = new ArrayList<>();
        Json.read(answer.body()).path("items").forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    /** Setups on the stand-in, each in a managed database named after this run; the status stream says when each is done. */
    private Provisioning provisioning() throws Exception {
        return new Provisioning(new Provisioning.Target(gatewayPort, key, redshiftPort, RedshiftStandIn.DEFAULT_PASSWORD,
                "bench_" + Long.toString(System.currentTimeMillis(), 36) + "_"), new StatusStream(statusPort, key));
    }

    /** Waits until the status view shows what was just done through the gateway. */
    private static void await(java.util.concurrent.Callable<Boolean> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the status view did not catch up within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Runs {@code ./tributary} with the benchmark's own environment (its ports and state directory). */
    private static void launcher(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("./tributary"));
        command.addAll(List.of(arguments));
        Process launcher = new ProcessBuilder(command).inheritIO().start();
        if (launcher.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double ratio(double measured, double baseline) {
        return round(measured / baseline);
    }

    private static long peakRssMib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static double startupSeconds(Path log) throws Exception {
        double seconds = -1;
        for (String line : Files.readAllLines(log)) {
            Matcher started = STARTED.matcher(line);
            if (started.find()) {
                seconds = Double.parseDouble(started.group(1));
            }
        }
        return seconds;
    }

    static Map<String, String> goals() {
        return Map.of("provision_p50_vs_direct_sql", "<= 2.0", "provision_p99_vs_direct_sql", "<= 2.5",
                "intake_vs_bare_endpoint", "report", "status_read_vs_bare_endpoint", ">= 0.5",
                "projection_events_per_s", ">= 20000", "kafka_hop_vs_end_to_end_latency", "<= 2",
                "revalidation_vs_direct_checks", ">= 0.5", "create_p99_during_sweep_vs_idle", "<= 1.5",
                "system_peak_rss_mib", "<= 1024");
    }
}
