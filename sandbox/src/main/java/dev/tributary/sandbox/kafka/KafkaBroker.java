package dev.tributary.sandbox.kafka;

import dev.tributary.contracts.Topics;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker in KRaft mode (one node, broker and controller), run from the Maven jars in a JVM of
 * its own. Used by the tests and by {@code ./tributary up}.
 */
public final class KafkaBroker implements Closeable {
    public static final int DEFAULT_PARTITIONS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final int port;

    private KafkaBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Formats {@code dataDir} (unless done before), starts the broker, waits until it serves, and creates the topics. */
    public static KafkaBroker start(Path libDir, Path dataDir, int port, int controllerPort, Path logFile) throws IOException {
        Path properties = prepare(libDir, dataDir, port, controllerPort);
        List<String> command = javaCommand(libDir, logFile);
        command.add("kafka.Kafka");
        command.add(properties.toString());
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        KafkaBroker broker = new KafkaBroker(process, port);
        try {
            KafkaTopics.awaitBrokerAndCreateTopics(broker.bootstrapServers(), DEFAULT_PARTITIONS, START_TIMEOUT, process::isAlive);
        } catch (RuntimeException e) {
            broker.close();
            throw new IOException("the Kafka broker did not start; see " + logFile, e);
        }
        return broker;
    }

    /** Writes server.properties and formats the storage once; returns the properties file. */
    public static Path prepare(Path libDir, Path dataDir, int port, int controllerPort) throws IOException {
        Files.createDirectories(dataDir);
        Path properties = dataDir.resolve("server.properties");
        Path logDirs = dataDir.resolve("data");
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDirs,
                "num.partitions=" + DEFAULT_PARTITIONS,
                "offsets.topic.num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=168",
                "");
        Files.writeString(properties, config);
        if (!Files.exists(logDirs.resolve("meta.properties"))) {
            format(libDir, properties, dataDir.resolve("format.log"));
        }
        return properties;
    }

    private static void format(Path libDir, Path properties, Path logFile) throws IOException {
        String clusterId;
        do {
            clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(uuidBytes(UUID.randomUUID()));
        } while (clusterId.startsWith("-")); // the storage tool would read a leading '-' as an option, as Kafka's own ids avoid
        List<String> command = javaCommand(libDir, logFile);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("formatting the Kafka storage failed; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting the Kafka storage", e);
        }
    }

    private static List<String> javaCommand(Path libDir, Path logFile) {
        if (!Files.isDirectory(libDir)) {
            throw new IllegalStateException("Kafka's jars are not at " + libDir + "; build the sandbox module first");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(List.of(java, "-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp", libDir.toAbsolutePath() + File.separator + "*"));
    }

    private static byte[] uuidBytes(UUID uuid) {
        byte[] bytes = new byte[16];
        long most = uuid.getMostSignificantBits();
        long least = uuid.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (most >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (least >>> (56 - 8 * i));
        }
        return bytes;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static Map<String, Object> adminConfig(String bootstrapServers) {
        return Map.of("bootstrap.servers", bootstrapServers, "request.timeout.ms", 5000,
                "default.api.timeout.ms", 10000);
    }
}
