-- The spec an edit will apply once it succeeds; until then the registry keeps the current one.
ALTER TABLE integration ADD COLUMN pending_spec JSONB;

-- API keys get an id, so they can be listed and revoked without their value.
ALTER TABLE api_key ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE;
