-- The version of the support objects an integration has in its target, as its events report it (null: not known,
-- or not a governance integration).
ALTER TABLE integration_view ADD COLUMN support_objects_version INT;
