-- A governance integration's database mode (multiDatabase | singleDatabase), as OperationStarted and
-- ValidationCompleted report it; decided once, so a value once known is kept.
ALTER TABLE integration_view ADD COLUMN database_mode TEXT;
