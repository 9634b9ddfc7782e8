-- setup, first script
-- create-system-account
CREATE USER "dev_system" PASSWORD '<sha256 digest and salt>';
-- grant-database-access
GRANT CREATE, TEMP ON DATABASE "dev" TO "dev_system";
-- create-impersonation-group
CREATE GROUP "immuta_impersonation";
-- setup, second script
-- create-support-schemas
CREATE SCHEMA IF NOT EXISTS "immuta_system";
CREATE SCHEMA IF NOT EXISTS "immuta_functions";
CREATE SCHEMA IF NOT EXISTS "immuta_procedures";
-- create-support-tables
CREATE TABLE IF NOT EXISTS "immuta_system"."profile" (user_name VARCHAR(128) NOT NULL PRIMARY KEY, profile_id BIGINT, entitlements VARCHAR(65535), updated_at TIMESTAMP);
CREATE OR REPLACE VIEW "immuta_system"."user_profile" AS SELECT user_name, profile_id, entitlements FROM "immuta_system"."profile" WHERE user_name = CURRENT_USER;
CREATE TABLE IF NOT EXISTS "immuta_system"."profile_attribute" (user_name VARCHAR(128) NOT NULL, attribute VARCHAR(256) NOT NULL, value VARCHAR(1024) NOT NULL);
CREATE TABLE IF NOT EXISTS "immuta_system"."profile_group" (user_name VARCHAR(128) NOT NULL, group_name VARCHAR(256) NOT NULL);
CREATE OR REPLACE VIEW "immuta_system"."user_attributes" AS SELECT attribute, value FROM "immuta_system"."profile_attribute" WHERE user_name = CURRENT_USER;
CREATE OR REPLACE VIEW "immuta_system"."user_groups" AS SELECT group_name FROM "immuta_system"."profile_group" WHERE user_name = CURRENT_USER;
-- grant-privileges
GRANT ALL ON SCHEMA "immuta_system", "immuta_functions", "immuta_procedures" TO "dev_system";
GRANT ALL ON ALL TABLES IN SCHEMA "immuta_system" TO "dev_system";
ALTER DEFAULT PRIVILEGES IN SCHEMA "immuta_procedures" GRANT EXECUTE ON PROCEDURES TO "dev_system";
GRANT USAGE ON SCHEMA "immuta_system", "immuta_functions", "immuta_procedures" TO PUBLIC;
GRANT SELECT ON "immuta_system"."user_profile" TO PUBLIC;
GRANT USAGE ON LANGUAGE plpythonu TO "dev_system";
-- create-impersonation-procedures
CREATE OR REPLACE PROCEDURE "immuta_procedures"."impersonate_user"(user_name VARCHAR) AS $tributary_body$
BEGIN
  IF user_name IS NULL THEN
    EXECUTE 'RESET SESSION AUTHORIZATION';
  ELSE
    EXECUTE 'SET SESSION AUTHORIZATION ' || pg_catalog.quote_ident(user_name);
  END IF;
END;
$tributary_body$ LANGUAGE plpgsql SET search_path TO pg_catalog;
CREATE OR REPLACE PROCEDURE "immuta_procedures"."grant_impersonation"(user_name VARCHAR) AS $tributary_body$
BEGIN
  EXECUTE 'ALTER GROUP "immuta_impersonation" ADD USER ' || pg_catalog.quote_ident(user_name);
END;
$tributary_body$ LANGUAGE plpgsql SECURITY DEFINER SET search_path TO pg_catalog;
CREATE OR REPLACE PROCEDURE "immuta_procedures"."revoke_impersonation"(user_name VARCHAR) AS $tributary_body$
BEGIN
  EXECUTE 'ALTER GROUP "immuta_impersonation" DROP USER ' || pg_catalog.quote_ident(user_name);
END;
$tributary_body$ LANGUAGE plpgsql SECURITY DEFINER SET search_path TO pg_catalog;
REVOKE EXECUTE ON PROCEDURE "immuta_procedures"."impersonate_user"(VARCHAR) FROM PUBLIC;
REVOKE EXECUTE ON PROCEDURE "immuta_procedures"."grant_impersonation"(VARCHAR) FROM PUBLIC;
REVOKE EXECUTE ON PROCEDURE "immuta_procedures"."revoke_impersonation"(VARCHAR) FROM PUBLIC;
GRANT EXECUTE ON PROCEDURE "immuta_procedures"."impersonate_user"(VARCHAR) TO "dev_system";
GRANT EXECUTE ON PROCEDURE "immuta_procedures"."grant_impersonation"(VARCHAR) TO "dev_system";
GRANT EXECUTE ON PROCEDURE "immuta_procedures"."revoke_impersonation"(VARCHAR) TO "dev_system";
GRANT EXECUTE ON PROCEDURE "immuta_procedures"."impersonate_user"(VARCHAR) TO GROUP "immuta_impersonation";
-- removal
-- drop-support-schemas
DROP SCHEMA IF EXISTS "immuta_system", "immuta_functions", "immuta_procedures" CASCADE;
-- revoke-database-access
REVOKE CREATE, TEMP ON DATABASE "dev" FROM "dev_system";
REVOKE USAGE ON LANGUAGE plpythonu FROM "dev_system";
-- drop-system-account
DROP USER IF EXISTS "dev_system";
-- drop-impersonation-group
DROP GROUP "immuta_impersonation";
