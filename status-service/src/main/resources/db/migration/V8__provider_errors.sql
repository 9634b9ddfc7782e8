-- What RDS reports beside a zero-ETL integration's status: its Errors ([{"code", "message"}], empty when it has
-- none) and its CreateTime (null until an event carries it).
ALTER TABLE integration_view ADD COLUMN provider_errors JSONB;
ALTER TABLE integration_view ADD COLUMN provider_create_time TIMESTAMPTZ;
