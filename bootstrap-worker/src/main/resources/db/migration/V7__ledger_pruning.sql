-- The pruning (service-support's ProcessedMessagePruning) takes the oldest rows first, a batch at a time.
CREATE INDEX processed_message_processed_at ON processed_message (processed_at);

-- The work item whose handling recorded a step: once that work item's outcome is in processed_message, no delivery
-- of it reads the steps again (StepLedgerPruning). Null for steps recorded before this version.
ALTER TABLE setup_step ADD COLUMN work_id UUID;
CREATE INDEX setup_step_finished_at ON setup_step (finished_at);
