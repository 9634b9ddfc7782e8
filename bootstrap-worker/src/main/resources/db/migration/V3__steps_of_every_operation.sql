-- Edits and deletes record steps too, and they generate no password: a step no longer needs a setup_operation row.
ALTER TABLE setup_step DROP CONSTRAINT setup_step_operation_id_fkey;
