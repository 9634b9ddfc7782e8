-- When the integration was last checked (the newest RevalidationCompleted folded, by its occurredAt). A check whose
-- outcome is the one already shown adds no timeline row and moves only this; a check older than it is history.
ALTER TABLE integration_view ADD COLUMN last_checked_at TIMESTAMPTZ;
UPDATE integration_view v SET last_checked_at = (SELECT max(t.occurred_at) FROM timeline_event t
    WHERE t.integration_id = v.id AND t.type = 'RevalidationCompleted');

-- The timeline is read a page at a time, newest first, by (occurred_at, message_id): unique, so a cursor names one
-- place; the index serves both the latest entries and every older page.
CREATE INDEX timeline_event_page ON timeline_event (integration_id, occurred_at, message_id);
DROP INDEX timeline_event_integration;
