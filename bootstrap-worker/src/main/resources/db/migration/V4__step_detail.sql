-- What a step produced or why it was skipped (a zero-ETL integration's ARN, for one).
ALTER TABLE setup_step ADD COLUMN detail TEXT;
