package dev.tributary.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka hops against Kafka's own floor. The services time every record from its send (CreateTime) to the start of
 * its handler ({@code tributary_kafka_hop_seconds}, MessageTracing); the benchmark drives ordinary setups through
 * the system and takes the mean hop over them from each service's {@code /q/metrics} (the difference between two
 * readings, so that what came before does not count). The baseline is Kafka's own end-to-end latency tool
 * ({@code org.apache.kafka.tools.EndToEndLatency}, from kafka-tools beside the broker) on the same broker in the
 * same run: a send acknowledged by all replicas and the consumer's fetch of it, one record at a time, with
 * {@code linger.ms=0} and {@code fetch.max.wait.ms=0}.
 */
final class KafkaHops {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern HOP_LINE = Pattern.compile(
            "^tributary_kafka_hop_seconds_(count|sum)\\{([^}]*)}\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern CHANNEL = Pattern.compile("channel=\"([^\"]+)\"");
    private static final Pattern TOOL_AVERAGE = Pattern.compile("Avg latency: ([0-9.]+) ms");
    private static final Pattern TOOL_PERCENTILES = Pattern.compile("Percentiles: 50th = (\\d+), 99th = (\\d+), 99\\.9th = (\\d+)");
    /** The size of a typical envelope on integration.events (a StepCompleted is about 600 bytes). */
    private static final int TOOL_RECORD_BYTES = 600;

    private final Path root;
    private final String bootstrapServers;
    private final Path logs;
    private final Map<String, Integer> servicePorts;

    KafkaHops(Path root, String bootstrapServers, Path logs, Map<String, Integer> servicePorts) {
        this.root = root;
        this.bootstrapServers = bootstrapServers;
        this.logs = logs;
        this.servicePorts = servicePorts;
    }

    /** A hop timer's readings: count and sum (seconds) for one service and channel. */
    private record Reading(double count, double sumSeconds) {
        Reading minus(Reading earlier) {
            return new Reading(count - earlier.count, sumSeconds - earlier.sumSeconds);
        }
    }

    /**
     * Runs {@code setups} one after another (after {@code warmUps} that are not counted), then Kafka's tool with
     * {@code toolRecords} records, and returns the figures.
     */
    ObjectNode measure(Provisioning provisioning, int warmUps, int setups, int toolRecords) throws Exception {
        // hosts of their own (one integration per host); another number lets the part run again on the same system
        int firstHost = Integer.getInteger("tributary.bench.kafka-first-host", 5_000);
        provisioning.throughTributary(warmUps, firstHost);
        Thread.sleep(500); // the last warm-up's trailing records (registry, view) are handled before the first reading
        Map<String, Reading> before = readings();
        for (int i = 0; i < setups; i++) {
            provisioning.throughTributary(1, firstHost + warmUps + i);
            Thread.sleep(100); // each starts on a settled system, as in the provisioning part
        }
        Thread.sleep(500);
        Map<String, Reading> after = readings();

        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        ObjectNode channels = figures.putObject("hops");
        double count = 0;
        double sum = 0;
        for (Map.Entry<String, Reading> entry : after.entrySet()) {
            Reading delta = entry.getValue().minus(before.getOrDefault(entry.getKey(), new Reading(0, 0)));
            if (delta.count() > 0) {
                channels.putObject(entry.getKey()).put("records", (long) delta.count())
                        .put("mean_ms", round(delta.sumSeconds() * 1000 / delta.count()));
                count += delta.count();
                sum += delta.sumSeconds();
            }
        }
        if (count == 0) {
            throw new IllegalStateException("no service timed a hop: is tributary_kafka_hop_seconds on /q/metrics?");
        }
        double meanHopMs = sum * 1000 / count;
        figures.put("setups", setups).put("records", (long) count).put("mean_hop_ms", round(meanHopMs));

        ObjectNode tool = endToEndLatency(toolRecords);
        figures.set("end_to_end_latency", tool);
        // the tool gives its percentiles in whole milliseconds: a p50 of 0 would make the ratio meaningless
        double p50 = Math.max(1, tool.path("p50_ms").asDouble());
        figures.put("kafka_hop_vs_end_to_end_latency", round(meanHopMs / p50));
        return figures;
    }

    /** Every service's hop timers now, keyed "service channel". */
    private Map<String, Reading> readings() throws Exception {
        Map<String, Reading> readings = new TreeMap<>();
        for (Map.Entry<String, Integer> service : servicePorts.entrySet()) {
            HttpResponse<String> metrics = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + service.getValue() + "/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (metrics.statusCode() != 200) {
                throw new IllegalStateException(service.getKey() + "'s /q/metrics answered " + metrics.statusCode());
            }
            Matcher line = HOP_LINE.matcher(metrics.body());
            while (line.find()) {
                Matcher channel = CHANNEL.matcher(line.group(2));
                if (!channel.find()) {
                    continue;
                }
                String key = service.getKey() + " " + channel.group(1);
                Reading reading = readings.getOrDefault(key, new Reading(0, 0));
                double value = Double.parseDouble(line.group(3));
                readings.put(key, line.group(1).equals("count")
                        ? new Reading(value, reading.sumSeconds()) : new Reading(reading.count(), value));
            }
        }
        return readings;
    }

    /** Kafka's EndToEndLatency on a topic of its own (the tool creates it, one partition), acks=all like the services. */
    private ObjectNode endToEndLatency(int records) throws Exception {
        Path output = logs.resolve("end-to-end-latency.log");
        String topic = "bench.end-to-end-latency." + System.currentTimeMillis();
        Process tool = new ProcessBuilder(javaBin(), "-Xmx256m", "-cp", root.resolve("sandbox/target/kafka-lib") + "/*",
                "org.apache.kafka.tools.EndToEndLatency", bootstrapServers, topic, Integer.toString(records), "all",
                Integer.toString(TOOL_RECORD_BYTES))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!tool.waitFor(5, TimeUnit.MINUTES) || tool.exitValue() != 0) {
            tool.destroyForcibly();
            throw new IllegalStateException("EndToEndLatency failed; see " + output);
        }
        String printed = Files.readString(output);
        Matcher average = TOOL_AVERAGE.matcher(printed);
        Matcher percentiles = TOOL_PERCENTILES.matcher(printed);
        if (!average.find() || !percentiles.find()) {
            throw new IllegalStateException("no figures from EndToEndLatency; see " + output);
        }
        ObjectNode figures = JsonNodeFactory.instance.objectNode();
        figures.put("tool", "org.apache.kafka.tools.EndToEndLatency").put("records", records)
                .put("record_bytes", TOOL_RECORD_BYTES).put("acks", "all")
                .put("mean_ms", round(Double.parseDouble(average.group(1))))
                .put("p50_ms", Long.parseLong(percentiles.group(1)))
                .put("p99_ms", Long.parseLong(percentiles.group(2)))
                .put("p999_ms", Long.parseLong(percentiles.group(3)));
        return figures;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
