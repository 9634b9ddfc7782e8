-- Recorded outputs keep references instead of sealed values; the values wait here only until the broker has the
-- records, then are deleted.
CREATE TABLE processed_message_secret (
    message_id   UUID    NOT NULL REFERENCES processed_message (message_id),
    position     INTEGER NOT NULL,
    sealed_value TEXT    NOT NULL,
    PRIMARY KEY (message_id, position)
);

-- Outputs recorded before this version held sealed credentials; their records were published long ago, so the
-- values go (a republish of them is a repeat that every consumer drops by its id).
UPDATE processed_message
SET outputs = regexp_replace(outputs::text, 'sealed:[A-Za-z0-9+/=:._-]+', 'sealed-ref:purged', 'g')::jsonb
WHERE outputs::text LIKE '%sealed:%';

-- A generated system password is kept only while its operation runs; rows of operations that ended before this
-- version are removed (a day is far beyond any operation's deadline).
DELETE FROM setup_operation WHERE created_at < now() - interval '1 day';
