-- The check schedule: one schedule for every gateway instance, claimed row by row with SKIP LOCKED.
-- next_check_at: when the integration's next periodic check is due; null until the scheduler first sees it, which
-- then picks a time within one interval, so that a fleet's checks spread over the interval.
-- last_checked_at: the occurred-at of the latest check answered (never moves backwards).
-- check_started_at: since when a check is in flight; null when none is.
ALTER TABLE integration ADD COLUMN next_check_at TIMESTAMPTZ;
ALTER TABLE integration ADD COLUMN last_checked_at TIMESTAMPTZ;
ALTER TABLE integration ADD COLUMN check_started_at TIMESTAMPTZ;

-- The claim's rows: idle integrations in a status checks move between (IntegrationRepository.CHECKABLE), by due time.
CREATE INDEX integration_check_due ON integration (next_check_at)
    WHERE operation IS NULL AND status IN ('enabled', 'recurringValidationError', 'migrateError');
