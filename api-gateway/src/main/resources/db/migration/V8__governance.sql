-- Governed data (issue 17): tables registered as data sources, the policies on them, and the users' entitlements.
-- Names are compared as the engines fold them (SqlIdentifiers.catalogName: lower case; identifiers are ASCII, so
-- lower() is the same fold).

-- One row per table registered on an integration; its governed view is view_schema.view_name in the target.
-- revision is raised with every change of what the view should be, so an older outcome is told from the current one.
CREATE TABLE data_source (
    id             BIGSERIAL PRIMARY KEY,
    integration_id BIGINT      NOT NULL REFERENCES integration (id),
    database       TEXT,                   -- the table's database in multi-database mode; null when it is the managed one
    schema_name    TEXT        NOT NULL,
    table_name     TEXT        NOT NULL,
    view_schema    TEXT        NOT NULL,
    view_name      TEXT        NOT NULL,
    status         TEXT        NOT NULL,   -- creating, active, error, deleting, deleted
    message        TEXT,
    revision       BIGINT      NOT NULL DEFAULT 1,
    columns        JSONB       NOT NULL DEFAULT '[]', -- the table's columns in order, once a worker has read them
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A table, and a view name, is registered at most once per integration while it is not deleted.
CREATE UNIQUE INDEX data_source_live_table ON data_source
    (integration_id, lower(coalesce(database, '')), lower(schema_name), lower(table_name)) WHERE status <> 'deleted';
CREATE UNIQUE INDEX data_source_live_view ON data_source
    (integration_id, lower(view_schema), lower(view_name)) WHERE status <> 'deleted';
-- the deadline check's look-up of changes that are still on their way
CREATE INDEX data_source_unsettled ON data_source (updated_at) WHERE status IN ('creating', 'deleting');

-- A policy's rules (PolicyRule documents, in order); a deleted policy's row is removed with its links.
CREATE TABLE policy (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT        NOT NULL,
    rules      JSONB       NOT NULL,
    revision   BIGINT      NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The data sources a policy applies to, in the order the request named them. A data source that is deleted leaves
-- every policy at once.
CREATE TABLE policy_data_source (
    policy_id      BIGINT NOT NULL REFERENCES policy (id) ON DELETE CASCADE,
    data_source_id BIGINT NOT NULL REFERENCES data_source (id),
    position       INT    NOT NULL,
    PRIMARY KEY (policy_id, data_source_id)
);
CREATE INDEX policy_data_source_by_data_source ON policy_data_source (data_source_id);

-- Users' entitlements by the database user name as the catalog holds it. A deleted user keeps a tombstone
-- (deleted_at), so its revision goes on rising if it is put back, and checks remove its rows from the targets.
CREATE TABLE governed_user (
    user_name    TEXT PRIMARY KEY,          -- SqlIdentifiers.catalogName of the name
    written_name TEXT        NOT NULL,      -- the name as PUT /users/{userName} wrote it
    attributes   JSONB       NOT NULL,
    groups       JSONB       NOT NULL,
    revision     BIGINT      NOT NULL,
    deleted_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
