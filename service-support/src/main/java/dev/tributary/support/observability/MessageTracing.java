package dev.tributary.support.observability;

import dev.tributary.contracts.messaging.Envelope;
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

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * Carries one request's trace across Kafka. Every record Tributary publishes has the W3C {@code traceparent}
 * header of the span that caused it ({@link #currentTraceHeaders}), and every consumer handles a record in a
 * consumer span that continues that trace ({@link #handle}). So a create can be followed from the HTTP call
 * through the outbox, the validation-worker and the bootstrap-worker, and back to the gateway and the
 * status-service, in the trace backend and in the logs alike.
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

    @Inject
    Tracer tracer;

    /**
     * Runs {@code work} for a consumed message in a consumer span whose parent is the trace in the record's headers,
     * with the message's integration and operation ids and the trace ids in the log MDC.
     */
    public <T> T handle(ConsumerRecord<?, ?> record, Envelope message, Supplier<T> work) {
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
