package dev.tributary.support.observability;

import io.opentelemetry.api.trace.SpanContext;
import org.jboss.logging.MDC;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Puts the integration id, the operation id and the trace ids into the log MDC for as long as it is open, so that
 * every log line written meanwhile (in text as {@code %X{integrationId}}, in JSON under {@code mdc}) says which
 * integration and operation it is about. Closing it puts back what was there before (the tracing library may have
 * set the trace ids for the whole request).
 */
public final class LogContext implements AutoCloseable {
    public static final String INTEGRATION_ID = "integrationId";
    public static final String OPERATION_ID = "operationId";
    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    private final Map<String, Object> previous = new LinkedHashMap<>();

    private LogContext() {
    }

    public static LogContext of(String integrationId, UUID operationId) {
        return new LogContext()
                .put(INTEGRATION_ID, integrationId)
                .put(OPERATION_ID, operationId == null ? null : operationId.toString());
    }

    /** Adds the ids of {@code span}, for threads where the tracing library does not maintain them itself. */
    public LogContext with(SpanContext span) {
        if (span.isValid()) {
            put(TRACE_ID, span.getTraceId());
            put(SPAN_ID, span.getSpanId());
        }
        return this;
    }

    private LogContext put(String key, String value) {
        if (value != null) {
            previous.putIfAbsent(key, MDC.get(key));
            MDC.put(key, value);
        }
        return this;
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
