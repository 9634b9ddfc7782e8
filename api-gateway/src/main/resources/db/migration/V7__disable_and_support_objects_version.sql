-- The version of the support objects each integration has in its target (ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION
-- when it was set up). Rows registered before versions were recorded count as the first version: a migration from it
-- changes nothing that is already newer, so assuming the oldest is safe.
ALTER TABLE integration ADD COLUMN support_objects_version INT NOT NULL DEFAULT 1;
-- The latest check (periodic or asked for) whose result was recorded, so POST /integrations/{id}/validate can wait
-- for its own.
ALTER TABLE integration ADD COLUMN last_check_id UUID;

-- A force-disabled integration no longer holds its target either, so a new one may be created there.
DROP INDEX integration_live_target;
CREATE UNIQUE INDEX integration_live_target ON integration (type, target_key)
    WHERE status NOT IN ('deleted', 'createError', 'disabled');
