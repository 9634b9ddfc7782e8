-- The pruning (service-support's ProcessedMessagePruning) takes the oldest rows first, a batch at a time.
CREATE INDEX processed_message_processed_at ON processed_message (processed_at);
