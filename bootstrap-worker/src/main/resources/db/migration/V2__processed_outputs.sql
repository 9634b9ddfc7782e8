-- What handling each message published, so a redelivery republishes exactly that instead of working it out again.
ALTER TABLE processed_message ADD COLUMN outputs JSONB;
