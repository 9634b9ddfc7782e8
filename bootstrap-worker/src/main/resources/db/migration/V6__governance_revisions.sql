-- The revision of each governed object (a data source's view, a user's entry) last applied to an integration's
-- target, read and written under the object's lane claim: a change with a lower revision arrives late and is
-- superseded; an equal one applies again (a repair).
CREATE TABLE governance_revision (
    integration_id TEXT        NOT NULL,
    object_key     TEXT        NOT NULL,
    revision       BIGINT      NOT NULL,
    applied_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (integration_id, object_key)
);
