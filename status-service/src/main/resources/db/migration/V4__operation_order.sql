-- When the latest operation the view knows of started (the gateway's clock only), so a start that arrives late
-- cannot replace a newer operation; updated_at is stamped by whichever service sent the event, clocks apart.
ALTER TABLE integration_view ADD COLUMN last_started_at TIMESTAMPTZ;
UPDATE integration_view SET last_started_at = COALESCE(operation_started_at, created_at);
