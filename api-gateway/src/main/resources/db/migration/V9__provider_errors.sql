-- What RDS reports besides a zero-ETL integration's status (issue 18): its Errors as [{code, message}] (null when it
-- reports none) and its CreateTime.
ALTER TABLE integration ADD COLUMN provider_errors JSONB;
ALTER TABLE integration ADD COLUMN provider_create_time TIMESTAMPTZ;
