-- What the provider (RDS) says about a zero-ETL integration: its identifier and its own status.
ALTER TABLE integration ADD COLUMN provider_arn TEXT;
ALTER TABLE integration ADD COLUMN provider_status TEXT;
