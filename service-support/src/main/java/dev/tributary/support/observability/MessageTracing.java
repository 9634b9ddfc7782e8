package dev.tributary.support.observability;

import dev.tributary.contracts.messaging.Envelope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Carries one request's trace across Kafka. Every record Tributary publishes has the W3C {@code traceparent}
 * header of the span that caused it ({@link #currentTraceHeaders}), and every consumer handles a record in a
 * consumer span that continues that trace ({@link #handle}). So a create can be followed from the HTTP call
 * through the outbox, the validation-worker and the bootstrap-worker, and back to the gateway and the
 * status-service, in the trace backend and in the logs alike.
 *
 * <p>It also times each record's hop: {@value #HOP_TIMER} (tag {@code channel}, the topic the record came from) is
 * the time from the record's CreateTime, which the producer sets at {@code send}, to the start of its handler. That
 * is producer batching, the broker, the consumer's fetch and the hand-off to the handler's thread, the part of a
 * message's way that Kafka settings decide (the benchmark compares it with Kafka's own end-to-end latency). A
 * record read again long after it was sent (a rebuild, a group that starts from the beginning) counts with its age.
 */
@ApplicationScoped
public class MessageTracing {
    private static final W3CTraceContextPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<ConsumerRecord<?, ?>> RECORD_HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ConsumerRecord<?, ?> record) {
            return StreamSupport.stream(record.headers().spliterator(), false).map(Header::key).toList();
        }

        @Override
        public String get(ConsumerRecord<?, ?> record, String key) {
            Header header = record == null ? null : record.headers().lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    /** Micrometer's name; Prometheus shows {@code tributary_kafka_hop_seconds_{count,sum,max}}. */
    public static final String HOP_TIMER = "tributary.kafka.hop";

    @Inject
    Tracer tracer;

    @Inject
    MeterRegistry registry;

    private static final Duration[] HOP_BUCKETS = Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 1000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final Map<String, Timer> hopTimers = new ConcurrentHashMap<>();

    /**
     * Runs {@code work} for a consumed message in a consumer span whose parent is the trace in the record's headers,
     * with the message's integration and operation ids and the trace ids in the log MDC.
     */
    public <T> T handle(ConsumerRecord<?, ?> record, Envelope message, Supplier<T> work) {
        recordHop(record, System.currentTimeMillis());
        Context parent = PROPAGATOR.extract(Context.root(), record, RECORD_HEADERS);
        Span span = tracer.spanBuilder(record.topic() + " process " + message.type())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.message.id", message.messageId().toString())
                .setAttribute("tributary.integration.id", message.integrationId())
                .startSpan();
        return runIn(span, LogContext.of(message.integrationId(), message.operationId()), work);
    }

    public void handle(ConsumerRecord<?, ?> record, Envelope message, Runnable work) {
        handle(record, message, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} for a batch of consumed records in one consumer span, linked to the trace of each record
     * (a batch has no single parent).
     */
    public void handleBatch(String topic, ConsumerRecords<?, ?> records, Runnable work) {
        long now = System.currentTimeMillis();
        for (ConsumerRecord<?, ?> record : records) {
            recordHop(record, now);
        }
        SpanBuilder builder = tracer.spanBuilder(topic + " process")
                .setNoParent()
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.batch.message_count", records.count());
        for (ConsumerRecord<?, ?> record : records) {
            SpanContext cause = Span.fromContext(PROPAGATOR.extract(Context.root(), record, RECORD_HEADERS)).getSpanContext();
            if (cause.isValid()) {
                builder.addLink(cause);
            }
        }
        runIn(builder.startSpan(), LogContext.of(null, null), () -> {
            work.run();
            return null;
        });
    }

    /**
     * Adds the record's hop to its topic's timer. Only a CreateTime says when it was sent; a topic set to
     * LogAppendTime would leave out the producer's part, so such records are not timed. Both clocks are this host's
     * or synchronised hosts'; a hop that comes out below zero (clock skew) counts as zero, so that it still counts.
     */
    private void recordHop(ConsumerRecord<?, ?> record, long nowMillis) {
        if (record.timestampType() != TimestampType.CREATE_TIME || record.timestamp() < 0) {
            return;
        }
        hopTimers.computeIfAbsent(record.topic(), topic -> Timer.builder(HOP_TIMER)
                        .description("Time from a record's send (its CreateTime) to the start of its handler")
                        .tag("channel", topic)
                        // buckets around the broker's own latency (a few ms): the mean alone hides whether most
                        // hops are near it and a few slow, or all of them slow
                        .serviceLevelObjectives(HOP_BUCKETS)
                        .register(registry))
                .record(Math.max(0, nowMillis - record.timestamp()), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code work} with {@code span} current and its ids in the log MDC; ends the span, marked if it failed. */
    private static <T> T runIn(Span span, LogContext logContext, Supplier<T> work) {
        try (Scope scope = span.makeCurrent(); LogContext ids = logContext.with(span.getSpanContext())) {
            return work.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    /** The W3C trace headers of the current span, empty outside a trace. */
    public static Map<String, String> currentTraceHeaders() {
        Map<String, String> headers = new HashMap<>();
        PROPAGATOR.inject(Context.current(), headers, (carrier, key, value) -> carrier.put(key, value));
        return headers;
    }

    /** The header names {@link #currentTraceHeaders} may fill. */
    public static List<String> traceHeaderNames() {
        return List.copyOf(PROPAGATOR.fields());
    }
}
