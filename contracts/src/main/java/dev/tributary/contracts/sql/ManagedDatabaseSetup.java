package dev.tributary.contracts.sql;

import dev.tributary.contracts.payload.RedshiftConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static dev.tributary.contracts.sql.SetupStep.Target.INITIAL_DATABASE;
import static dev.tributary.contracts.sql.SetupStep.Target.MANAGED_DATABASE;
import static dev.tributary.contracts.sql.SqlIdentifiers.qualified;
import static dev.tributary.contracts.sql.SqlIdentifiers.quote;

/**
 * The SQL that sets up a managed database in a customer's Redshift: the same steps run by the bootstrap-worker
 * (automatic setup) and handed out as scripts (manual setup).
 */
public final class ManagedDatabaseSetup {
    public static final String SYSTEM_SCHEMA = "immuta_system";
    public static final String FUNCTIONS_SCHEMA = "immuta_functions";
    public static final String PROCEDURES_SCHEMA = "immuta_procedures";
    public static final List<String> SUPPORT_SCHEMAS = List.of(SYSTEM_SCHEMA, FUNCTIONS_SCHEMA, PROCEDURES_SCHEMA);
    public static final String PROFILE_TABLE = "profile";
    public static final String USER_PROFILE_VIEW = "user_profile";

    private final RedshiftConfig config;
    private final SqlDialect dialect;

    public ManagedDatabaseSetup(RedshiftConfig config, SqlDialect dialect) {
        this.config = config;
        this.dialect = dialect;
    }

    /** Every step of a new setup, in order. {@code systemPassword} is the system account's password. */
    public List<SetupStep> createSteps(String systemPassword) {
        String database = quote(config.database());
        String account = quote(config.systemAccount());
        String password = dialect.quoteLiteral(systemPassword);
        String schemas = SUPPORT_SCHEMAS.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));

        List<SetupStep> steps = new ArrayList<>();
        steps.add(new SetupStep("create-database", INITIAL_DATABASE,
                "SELECT 1 FROM pg_database WHERE datname = " + dialect.quoteLiteral(config.database()),
                List.of("CREATE DATABASE " + database),
                List.of()));
        steps.add(new SetupStep("create-system-account", INITIAL_DATABASE,
                "SELECT 1 FROM pg_user WHERE usename = " + dialect.quoteLiteral(config.systemAccount()),
                List.of("CREATE USER " + account + " PASSWORD " + password),
                // a retry after a crash must leave the account with the password that was sealed and kept
                List.of("ALTER USER " + account + " PASSWORD " + password)));
        steps.add(SetupStep.idempotent("restrict-database", INITIAL_DATABASE, List.of(
                "REVOKE ALL PRIVILEGES ON DATABASE " + database + " FROM PUBLIC",
                "GRANT ALL PRIVILEGES ON DATABASE " + database + " TO " + account,
                "GRANT " + dialect.publicDatabaseAccess() + " ON DATABASE " + database + " TO PUBLIC")));
        if (config.impersonationEnabled()) {
            String group = config.impersonationRole();
            steps.add(new SetupStep("create-impersonation-group", INITIAL_DATABASE,
                    "SELECT 1 FROM pg_group WHERE groname = " + dialect.quoteLiteral(group),
                    List.of("CREATE GROUP " + quote(group)),
                    List.of()));
        }
        steps.add(SetupStep.idempotent("create-support-schemas", MANAGED_DATABASE,
                SUPPORT_SCHEMAS.stream().map(schema -> "CREATE SCHEMA IF NOT EXISTS " + quote(schema)).toList()));
        steps.add(SetupStep.idempotent("create-support-tables", MANAGED_DATABASE, List.of(
                "CREATE TABLE IF NOT EXISTS " + qualified(SYSTEM_SCHEMA, PROFILE_TABLE)
                        + " (user_name VARCHAR(128) NOT NULL PRIMARY KEY, profile_id BIGINT,"
                        + " entitlements VARCHAR(65535), updated_at TIMESTAMP)",
                "CREATE OR REPLACE VIEW " + qualified(SYSTEM_SCHEMA, USER_PROFILE_VIEW)
                        + " AS SELECT user_name, profile_id, entitlements FROM " + qualified(SYSTEM_SCHEMA, PROFILE_TABLE)
                        + " WHERE user_name = CURRENT_USER")));
        List<String> grants = new ArrayList<>(List.of(
                "GRANT ALL ON SCHEMA " + schemas + " TO " + account,
                "GRANT ALL ON ALL TABLES IN SCHEMA " + quote(SYSTEM_SCHEMA) + " TO " + account,
                "ALTER DEFAULT PRIVILEGES IN SCHEMA " + quote(PROCEDURES_SCHEMA) + " GRANT "
                        + dialect.futureProceduresPrivilege() + " TO " + account,
                "GRANT USAGE ON SCHEMA " + schemas + " TO PUBLIC",
                "GRANT SELECT ON " + qualified(SYSTEM_SCHEMA, USER_PROFILE_VIEW) + " TO PUBLIC"));
        if (dialect.hasPlpythonu()) {
            grants.add("GRANT USAGE ON LANGUAGE plpythonu TO " + account);
        }
        steps.add(SetupStep.idempotent("grant-privileges", MANAGED_DATABASE, grants));
        return List.copyOf(steps);
    }

    /** The steps as a script for a person to run, one part per target database. */
    public static String script(List<SetupStep> steps, SetupStep.Target database) {
        StringBuilder script = new StringBuilder();
        for (SetupStep step : steps) {
            if (step.database() != database) {
                continue;
            }
            script.append("-- ").append(step.name()).append('\n');
            for (String statement : step.statements()) {
                script.append(statement).append(";\n");
            }
        }
        return script.toString();
    }
}
