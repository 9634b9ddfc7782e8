-- Work items already handled, so a redelivered one is not run twice.
CREATE TABLE processed_message (
    message_id   UUID PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per setup operation, written before the first step: the generated system-account password (sealed),
-- so that a worker resuming after a crash sets the same password it announced.
CREATE TABLE setup_operation (
    operation_id           UUID PRIMARY KEY,
    integration_id         TEXT        NOT NULL,
    sealed_system_password TEXT        NOT NULL,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Steps that finished; a resumed operation skips them.
CREATE TABLE setup_step (
    operation_id UUID        NOT NULL REFERENCES setup_operation (operation_id),
    step         TEXT        NOT NULL,
    outcome      TEXT        NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (operation_id, step)
);
