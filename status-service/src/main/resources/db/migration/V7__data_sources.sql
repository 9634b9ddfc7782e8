-- The data sources of governance integrations, each as its latest DataSourceChanged says (updated_at is that event's
-- occurredAt, the gateway's clock, so an older event arriving late changes nothing). A deleted one stays, marked
-- deleted, so a late event cannot bring it back; the documents leave it out.
CREATE TABLE data_source (
    id             BIGINT PRIMARY KEY,
    integration_id TEXT        NOT NULL,
    database_name  TEXT, -- null in single-database mode: the table is in the managed database itself
    schema_name    TEXT        NOT NULL,
    table_name     TEXT        NOT NULL,
    view_schema    TEXT        NOT NULL,
    view_name      TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    message        TEXT,
    policies       JSONB       NOT NULL, -- [{"id", "name"}], in the order their rules combine
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE INDEX data_source_integration ON data_source (integration_id, id);
