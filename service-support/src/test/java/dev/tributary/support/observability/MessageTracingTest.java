package dev.tributary.support.observability;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tributary.contracts.messaging.Envelope;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTracingTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MessageTracing tracing = new MessageTracing();

    MessageTracingTest() {
        tracing.tracer = OpenTelemetry.noop().getTracer("test");
        tracing.registry = registry;
    }

    private static ConsumerRecord<String, String> record(String topic, long timestamp, TimestampType type) {
        return new ConsumerRecord<>(topic, 0, 0, timestamp, type, 0, 0, "1", "{}", new RecordHeaders(), Optional.empty());
    }

    private static Envelope message() {
        return new Envelope(UUID.randomUUID(), "OperationStarted", "1", UUID.randomUUID(), java.time.Instant.now(),
                Envelope.SCHEMA_VERSION, JsonNodeFactory.instance.objectNode());
    }

    private Timer hop(String channel) {
        return registry.find(MessageTracing.HOP_TIMER).tag("channel", channel).timer();
    }

    @Test
    void aHandledRecordAddsTheTimeSinceItsSendToItsTopicsHop() {
        long sent = System.currentTimeMillis() - 250;

        tracing.handle(record("integration.commands", sent, TimestampType.CREATE_TIME), message(), () -> { });

        Timer hop = hop("integration.commands");
        assertEquals(1, hop.count());
        assertTrue(hop.totalTime(TimeUnit.MILLISECONDS) >= 250, "hop " + hop.totalTime(TimeUnit.MILLISECONDS) + " ms");
        assertNull(hop("integration.events"), "other topics have hops of their own");
    }

    @Test
    void everyRecordOfABatchCountsAndARecordStampedByTheBrokerDoesNot() {
        long sent = System.currentTimeMillis() - 100;
        TopicPartition partition = new TopicPartition("integration.events", 0);
        ConsumerRecords<String, String> batch = new ConsumerRecords<>(Map.of(partition, List.of(
                record("integration.events", sent, TimestampType.CREATE_TIME),
                record("integration.events", sent, TimestampType.CREATE_TIME),
                record("integration.events", sent, TimestampType.LOG_APPEND_TIME))), Map.of());

        tracing.handleBatch("integration.events", batch, () -> { });

        assertEquals(2, hop("integration.events").count());
    }

    @Test
    void aRecordFromAClockAheadCountsAsAZeroHop() {
        tracing.handle(record("integration.bootstrap", System.currentTimeMillis() + 60_000, TimestampType.CREATE_TIME),
                message(), () -> { });

        assertEquals(1, hop("integration.bootstrap").count());
        assertEquals(0, hop("integration.bootstrap").totalTime(TimeUnit.MILLISECONDS));
    }
}
