-- API keys as the gateway publishes them on access.api-keys: the hash only, never the key.
CREATE TABLE api_key (
    key_hash    TEXT PRIMARY KEY,
    name        TEXT,
    permissions TEXT[]      NOT NULL,
    revoked     BOOLEAN     NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL
);

-- The list is searched by id and target.
CREATE INDEX integration_view_type ON integration_view (type);
