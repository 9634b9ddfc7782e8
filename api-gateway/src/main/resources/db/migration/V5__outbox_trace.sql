-- The trace of the request that wrote an outbox row (W3C traceparent and tracestate), so the relayed record
-- continues that trace.
ALTER TABLE outbox ADD COLUMN trace_headers JSONB;
