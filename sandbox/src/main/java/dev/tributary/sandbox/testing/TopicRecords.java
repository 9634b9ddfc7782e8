package dev.tributary.sandbox.testing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Reads and writes topics directly, so tests can check what really is on them. */
public final class TopicRecords {

    private TopicRecords() {
    }

    /** Every record currently on {@code topic}, from the first offset to the end. */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName(),
                "enable.auto.commit", "false"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Waits until a record on {@code topic} matches, and returns it. */
    public static ConsumerRecord<String, String> await(String bootstrapServers, String topic,
                                                       Predicate<ConsumerRecord<String, String>> matches, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : readAll(bootstrapServers, topic)) {
                if (matches.test(record)) {
                    return record;
                }
            }
            sleep();
        }
        throw new AssertionError("no matching record on " + topic + " within " + timeout);
    }

    public static void send(String bootstrapServers, String topic, String key, String value, Map<String, String> headers) {
        sendAll(bootstrapServers, topic, List.of(new Outgoing(key, value, headers)));
    }

    /** A record to send: key, value (null for a tombstone) and headers. */
    public record Outgoing(String key, String value, Map<String, String> headers) {
    }

    /** Sends the records through one producer in one go, so that a consumer is likely to poll them together. */
    public static void sendAll(String bootstrapServers, String topic, List<Outgoing> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName(),
                "linger.ms", "50"))) {
            List<Future<?>> sent = new ArrayList<>();
            for (Outgoing outgoing : records) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, outgoing.key(), outgoing.value());
                outgoing.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                sent.add(producer.send(record));
            }
            for (Future<?> acknowledged : sent) {
                acknowledged.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
