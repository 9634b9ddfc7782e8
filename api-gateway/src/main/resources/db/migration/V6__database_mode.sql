-- Where a governance integration's support schemas live: 'multiDatabase' (a database the setup made) or
-- 'singleDatabase' (an existing database). Decided once, at creation; null until an automatic create's validation
-- decides it, and for zero-ETL integrations. Every Redshift integration before this had its own database.
ALTER TABLE integration ADD COLUMN database_mode TEXT;
UPDATE integration SET database_mode = 'multiDatabase' WHERE type = 'Redshift';
