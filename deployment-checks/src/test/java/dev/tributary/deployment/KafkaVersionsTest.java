package dev.tributary.deployment;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local broker (the jars the sandbox copies to {@code target/kafka-lib}), Kafka's tools beside it and the
 * services' Kafka client are one Kafka release, and the broker reads lz4 with the one lz4 library the Quarkus BOM
 * manages. A tool or broker module pinned on its own drifts from the BOM's client unnoticed otherwise.
 */
class KafkaVersionsTest {
    private static final Pattern KAFKA_JAR = Pattern.compile("((?:kafka|connect)[\\w.-]*?)-(\\d+\\.\\d+\\.\\d+)\\.jar");

    private static Path kafkaLib() {
        Path lib = Path.of(System.getProperty("tributary.kafka.lib",
                Project.root().resolve("sandbox/target/kafka-lib").toString()));
        assertTrue(Files.isDirectory(lib), "the sandbox module has copied the broker's jars to " + lib);
        return lib;
    }

    private static List<String> jarNames() throws IOException {
        try (Stream<Path> jars = Files.list(kafkaLib())) {
            return jars.map(jar -> jar.getFileName().toString()).filter(name -> name.endsWith(".jar")).sorted().toList();
        }
    }

    @Test
    void theBrokerItsToolsAndTheServicesClientAreOneKafkaRelease() throws IOException {
        String client = AppInfoParser.getVersion();
        Map<String, String> versions = new TreeMap<>();
        for (String name : jarNames()) {
            Matcher jar = KAFKA_JAR.matcher(name);
            if (jar.matches()) {
                versions.put(jar.group(1), jar.group(2));
            }
        }
        assertTrue(versions.keySet().containsAll(List.of("kafka_2.13", "kafka-server", "kafka-clients", "kafka-tools")),
                "the broker, its client and its tools are there: " + versions.keySet());
        versions.forEach((artifact, version) -> assertEquals(client, version,
                artifact + " is of the services' Kafka release (kafka-clients " + client + ")"));
    }

    @Test
    void theBrokerReadsLz4WithTheOneLibraryTheBomManages() throws IOException {
        List<String> lz4 = jarNames().stream().filter(name -> name.startsWith("lz4-java-")).toList();
        assertEquals(1, lz4.size(), "one lz4 library on the broker's class path: " + lz4);
        try (JarFile jar = new JarFile(kafkaLib().resolve(lz4.get(0)).toFile())) {
            // the maintained fork (at.yawk.lz4) that kafka-clients 4.1 and the Quarkus BOM name; org.lz4 is abandoned
            assertFalse(jar.stream().noneMatch(entry -> entry.getName().startsWith("META-INF/maven/at.yawk.lz4/")),
                    lz4.get(0) + " is at.yawk.lz4:lz4-java");
        }
    }
}
