-- What the provider (RDS) says about a zero-ETL integration: its identifier and its own status.
ALTER TABLE integration_view ADD COLUMN integration_arn TEXT;
ALTER TABLE integration_view ADD COLUMN provider_status TEXT;
