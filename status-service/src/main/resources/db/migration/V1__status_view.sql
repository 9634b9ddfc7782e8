-- The read model, folded from integration.events alone; replaying the topic rebuilds it.

CREATE TABLE integration_view (
    id                   TEXT PRIMARY KEY,
    type                 TEXT        NOT NULL,
    target               TEXT        NOT NULL,
    auto_bootstrap       BOOLEAN     NOT NULL,
    config               JSONB       NOT NULL, -- the redacted config
    status               TEXT        NOT NULL,
    status_message       TEXT,
    validation_results   JSONB,
    current_operation    TEXT,
    current_operation_id UUID,
    operation_started_at TIMESTAMPTZ,
    last_error           TEXT,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);

CREATE INDEX integration_view_status ON integration_view (status);

-- Every event once (its message id is the key, so a duplicate changes nothing), for the timeline.
CREATE TABLE timeline_event (
    message_id     UUID PRIMARY KEY,
    integration_id TEXT        NOT NULL,
    operation_id   UUID        NOT NULL,
    operation      TEXT,
    type           TEXT        NOT NULL,
    step           TEXT,
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ,
    outcome        TEXT,
    message        TEXT,
    occurred_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX timeline_event_integration ON timeline_event (integration_id, occurred_at);
