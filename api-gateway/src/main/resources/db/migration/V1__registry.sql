-- The gateway's write model: one row per integration, the outbox, consumed event ids and API keys.

CREATE SEQUENCE integration_id_seq;

CREATE TABLE integration (
    id                    BIGINT PRIMARY KEY,
    type                  TEXT        NOT NULL,
    target_key            TEXT        NOT NULL,
    auto_bootstrap        BOOLEAN     NOT NULL,
    spec                  JSONB       NOT NULL, -- IntegrationSpec without credentials
    status                TEXT        NOT NULL,
    status_message        TEXT,
    validation_results    JSONB,
    operation             TEXT,                 -- the operation in flight, null when idle
    operation_id          UUID,
    operation_deadline    TIMESTAMPTZ,
    system_account        TEXT,
    sealed_system_password TEXT,
    version               BIGINT      NOT NULL DEFAULT 0,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- At most one live integration per target. An integration that was deleted, or whose creation failed,
-- no longer holds its target.
CREATE UNIQUE INDEX integration_live_target ON integration (type, target_key)
    WHERE status NOT IN ('deleted', 'createError');

CREATE INDEX integration_open_operations ON integration (operation_deadline) WHERE operation IS NOT NULL;

CREATE TABLE outbox (
    id           BIGSERIAL PRIMARY KEY,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    message_id   UUID        NOT NULL,
    message_type TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE processed_message (
    message_id   UUID PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE api_key (
    key_hash    TEXT PRIMARY KEY,   -- SHA-256 of the key, hex; the key itself is never stored
    name        TEXT        NOT NULL,
    permissions TEXT[]      NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
