-- Same shape as the workers' log of handled messages (the gateway records ids only).
ALTER TABLE processed_message ADD COLUMN outputs JSONB;
