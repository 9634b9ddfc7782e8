package dev.tributary.contracts.sql;

import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.GovernedViews;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.RedshiftConfig;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static dev.tributary.contracts.sql.SetupStep.Target.INITIAL_DATABASE;
import static dev.tributary.contracts.sql.SetupStep.Target.MANAGED_DATABASE;
import static dev.tributary.contracts.sql.SqlIdentifiers.qualified;
import static dev.tributary.contracts.sql.SqlIdentifiers.quote;
import static dev.tributary.contracts.sql.SqlIdentifiers.quoteUserName;

/**
 * The SQL that sets up, edits and removes a managed database in a customer's Redshift: the same steps are run by
 * the bootstrap-worker (automatic setup) and handed out as scripts (manual setup).
 *
 * <p>In {@link DatabaseMode#SINGLE_DATABASE single-database mode} the support schemas go into an existing database
 * ({@code database}) that holds the user's own objects: the setup creates no database, revokes nothing on it, and
 * grants only to the account it creates and on the objects it creates; removal drops exactly those.
 */
public final class ManagedDatabaseSetup {
    public static final String SYSTEM_SCHEMA = "immuta_system";
    public static final String FUNCTIONS_SCHEMA = "immuta_functions";
    public static final String PROCEDURES_SCHEMA = "immuta_procedures";
    public static final List<String> SUPPORT_SCHEMAS = List.of(SYSTEM_SCHEMA, FUNCTIONS_SCHEMA, PROCEDURES_SCHEMA);
    public static final String PROFILE_TABLE = "profile";
    public static final String USER_PROFILE_VIEW = "user_profile";
    public static final List<String> IMPERSONATION_PROCEDURES = List.of("impersonate_user", "grant_impersonation", "revoke_impersonation");
    /**
     * The version of the support objects that {@link #createSteps} sets up. Raise it with every change to what they
     * create, and add the step that brings the version before to this one to {@link SupportObjectsMigrations}.
     * 1: the first impersonation procedures; 2: procedures with {@code search_path} pinned and no EXECUTE for PUBLIC;
     * 3: the entitlement tables and views that governed views read ({@link GovernedViews#entitlementObjects()}).
     */
    public static final int SUPPORT_OBJECTS_VERSION = 3;
    /** The first version whose support objects governed views read (the entitlement tables). */
    public static final int GOVERNANCE_SINCE_VERSION = 3;

    private final RedshiftConfig config;
    private final SqlDialect dialect;
    private final DatabaseMode mode;

    /** In the mode the names decide ({@link DatabaseMode#fromNames}, as for a manual setup). */
    public ManagedDatabaseSetup(RedshiftConfig config, SqlDialect dialect) {
        this(config, dialect, DatabaseMode.fromNames(config, false).orElseThrow());
    }

    /** @param mode the integration's recorded mode (null: recorded before modes existed, so multi-database) */
    public ManagedDatabaseSetup(RedshiftConfig config, SqlDialect dialect, DatabaseMode mode) {
        this.config = config;
        this.dialect = dialect;
        this.mode = DatabaseMode.orMulti(mode);
    }

    private boolean singleDatabase() {
        return mode == DatabaseMode.SINGLE_DATABASE;
    }

    /**
     * Where the removal steps run: {@code initialDatabase} once the managed database is dropped from there, or, in
     * single-database mode, the existing database itself, since the support schemas are dropped inside it (users and
     * groups belong to the cluster and can be dropped from any database).
     */
    public SetupStep.Target removalTarget() {
        return singleDatabase() ? MANAGED_DATABASE : INITIAL_DATABASE;
    }

    public SqlDialect dialect() {
        return dialect;
    }

    /** Every step of a new setup, in order. */
    public List<SetupStep> createSteps(SystemAccount systemAccount) {
        String database = quote(config.database());
        String account = quoteUserName(systemAccount.name());
        String schemas = SUPPORT_SCHEMAS.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));

        List<SetupStep> steps = new ArrayList<>();
        if (!singleDatabase()) {
            steps.add(new SetupStep("create-database", INITIAL_DATABASE, exists("pg_database", "datname", config.database()),
                    List.of("CREATE DATABASE " + database), List.of()));
        }
        steps.add(createSystemAccountStep(systemAccount));
        if (singleDatabase()) {
            // the database is the user's: what everyone else may do in it stays as it is
            steps.add(SetupStep.idempotent("grant-database-access", INITIAL_DATABASE, List.of(
                    "GRANT " + dialect.systemAccountDatabaseAccess() + " ON DATABASE " + database + " TO " + account)));
        } else {
            steps.add(SetupStep.idempotent("restrict-database", INITIAL_DATABASE, List.of(
                    "REVOKE ALL PRIVILEGES ON DATABASE " + database + " FROM PUBLIC",
                    "GRANT ALL PRIVILEGES ON DATABASE " + database + " TO " + account,
                    "GRANT " + dialect.publicDatabaseAccess() + " ON DATABASE " + database + " TO PUBLIC")));
        }
        if (config.impersonationEnabled()) {
            steps.add(createGroupStep(INITIAL_DATABASE));
        }
        steps.add(SetupStep.idempotent("create-support-schemas", MANAGED_DATABASE,
                SUPPORT_SCHEMAS.stream().map(schema -> "CREATE SCHEMA IF NOT EXISTS " + quote(schema)).toList()));
        List<String> supportTables = new ArrayList<>(List.of(
                "CREATE TABLE IF NOT EXISTS " + qualified(SYSTEM_SCHEMA, PROFILE_TABLE)
                        + " (user_name VARCHAR(128) NOT NULL PRIMARY KEY, profile_id BIGINT,"
                        + " entitlements VARCHAR(65535), updated_at TIMESTAMP)",
                "CREATE OR REPLACE VIEW " + qualified(SYSTEM_SCHEMA, USER_PROFILE_VIEW)
                        + " AS SELECT user_name, profile_id, entitlements FROM " + qualified(SYSTEM_SCHEMA, PROFILE_TABLE)
                        + " WHERE user_name = CURRENT_USER"));
        supportTables.addAll(new GovernedViews(dialect).entitlementObjects());
        steps.add(SetupStep.idempotent("create-support-tables", MANAGED_DATABASE, supportTables));
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
        if (config.impersonationEnabled()) {
            steps.add(createProceduresStep(systemAccount.name()));
        }
        return List.copyOf(steps);
    }

    private SetupStep createSystemAccountStep(SystemAccount systemAccount) {
        String account = quoteUserName(systemAccount.name());
        String exists = exists("pg_user", "usename", systemAccount.name());
        if (systemAccount.federated()) {
            // an Okta identity's database user: it signs in on GetClusterCredentials' temporary passwords only
            return new SetupStep("create-system-account", INITIAL_DATABASE, exists,
                    List.of(dialect.passwordlessUser(account)), List.of());
        }
        String password = dialect.passwordLiteral(systemAccount.name(), systemAccount.password());
        return new SetupStep("create-system-account", INITIAL_DATABASE, exists,
                List.of("CREATE USER " + account + " PASSWORD " + password),
                // a retry after a crash must leave the account with the password that was sealed and kept
                List.of("ALTER USER " + account + " PASSWORD " + password));
    }

    /**
     * The steps that turn the setup of {@code previous} into the setup of this config: impersonation switched on or
     * off (or its group renamed), and the system account's password when a new one ({@code newPassword}, or null) is
     * given. Run in the managed database. Procedures created here are granted to {@code systemAccount} by name.
     */
    public List<SetupStep> editSteps(RedshiftConfig previous, String systemAccount, SystemAccount newPassword) {
        List<SetupStep> steps = new ArrayList<>();
        boolean groupChanged = previous.impersonationEnabled() && config.impersonationEnabled()
                && !SqlIdentifiers.sameName(previous.impersonationRole(), config.impersonationRole());
        if (previous.impersonationEnabled() && (!config.impersonationEnabled() || groupChanged)) {
            steps.addAll(new ManagedDatabaseSetup(previous, dialect).removeImpersonationSteps());
        }
        if (config.impersonationEnabled() && (!previous.impersonationEnabled() || groupChanged)) {
            steps.add(createGroupStep(MANAGED_DATABASE));
            steps.add(createProceduresStep(systemAccount));
        }
        if (newPassword != null) {
            steps.add(SetupStep.idempotent("change-system-account-password", MANAGED_DATABASE, List.of(
                    "ALTER USER " + quoteUserName(newPassword.name()) + " PASSWORD "
                            + dialect.passwordLiteral(newPassword.name(), newPassword.password()))));
        }
        return List.copyOf(steps);
    }

    /** The steps that undo {@link #editSteps}, for a rollback: the same edit in the opposite direction. */
    public List<SetupStep> rollbackSteps(RedshiftConfig previous) {
        return new ManagedDatabaseSetup(previous, dialect).editSteps(config, previous.systemAccount(), null);
    }

    /**
     * Removes everything the setup created, in {@link #removalTarget()}; every step tolerates what is already gone.
     * In single-database mode that is the support schemas (with what is in them), the account's rights on the
     * database, the account and the group; the database and everything else in it stay.
     */
    public List<SetupStep> deleteSteps(String systemAccountName) {
        return deleteSteps(systemAccountName, List.of());
    }

    /**
     * {@link #deleteSteps(String)} for an integration that governs {@code governed} (its data sources). In
     * single-database mode their views and the view schemas the system account owns go first, and the rights the
     * customer gave the system account on the tables and their schemas are revoked before the account is dropped
     * (neither engine drops a user who owns objects or holds rights). In multi-database mode the views go with the
     * managed database.
     */
    public List<SetupStep> deleteSteps(String systemAccountName, List<GovernedTable> governed) {
        if (singleDatabase()) {
            List<SetupStep> steps = new ArrayList<>(governedObjectsRemoval(systemAccountName, governed));
            steps.addAll(singleDatabaseDeleteSteps(systemAccountName));
            return List.copyOf(steps);
        }
        List<SetupStep> steps = new ArrayList<>();
        steps.add(SetupStep.idempotent("drop-database", INITIAL_DATABASE,
                List.of("DROP DATABASE IF EXISTS " + quote(config.database()))));
        steps.add(SetupStep.idempotent("drop-system-account", INITIAL_DATABASE,
                List.of("DROP USER IF EXISTS " + quoteUserName(systemAccountName))));
        if (config.impersonationEnabled()) {
            steps.add(dropGroupStep(INITIAL_DATABASE));
        }
        return List.copyOf(steps);
    }

    private List<SetupStep> governedObjectsRemoval(String systemAccountName, List<GovernedTable> governed) {
        if (governed.isEmpty()) {
            return List.of();
        }
        String account = quoteUserName(systemAccountName);
        GovernedViews views = new GovernedViews(dialect);
        String accountName = dialect.quoteLiteral(SqlIdentifiers.catalogName(systemAccountName));
        List<SetupStep> steps = new ArrayList<>();
        for (GovernedTable table : governed.stream().filter(distinctBy(table -> SqlIdentifiers.catalogName(
                table.viewDisplayName()))).toList()) {
            // only a view the system account owns: one the customer made later under a deleted data source's name stays
            String schema = SqlIdentifiers.catalogName(table.viewSchema());
            String name = SqlIdentifiers.catalogName(table.viewName());
            steps.add(new SetupStep("drop-governed-view-" + schema + "." + name, MANAGED_DATABASE, "SELECT 1 FROM pg_views"
                    + " WHERE schemaname = " + dialect.quoteLiteral(schema) + " AND viewname = " + dialect.quoteLiteral(name)
                    + " AND viewowner = " + accountName, List.of(), views.dropView(table)));
        }
        for (String schema : governed.stream().map(table -> SqlIdentifiers.catalogName(table.viewSchema())).distinct().toList()) {
            // only a schema the governance made (the system account owns it); a schema the customer named stays
            steps.add(new SetupStep("drop-view-schema-" + schema, MANAGED_DATABASE, "SELECT 1 FROM pg_namespace n JOIN pg_user u"
                    + " ON u.usesysid = n.nspowner WHERE n.nspname = " + dialect.quoteLiteral(schema) + " AND u.usename = "
                    + dialect.quoteLiteral(SqlIdentifiers.catalogName(systemAccountName)), List.of(),
                    List.of("DROP SCHEMA " + quote(schema))));
        }
        for (GovernedTable table : governed.stream().filter(distinctBy(table -> SqlIdentifiers.catalogName(
                table.schema() + "." + table.table()))).toList()) {
            // a table that is gone (or never was: a data source in error) holds no rights; nor does a dropped account
            String schema = SqlIdentifiers.catalogName(table.schema());
            String name = SqlIdentifiers.catalogName(table.table());
            steps.add(new SetupStep("revoke-table-access-" + schema + "." + name, MANAGED_DATABASE,
                    "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                            + dialect.quoteLiteral(schema) + " AND c.relname = " + dialect.quoteLiteral(name)
                            + " AND EXISTS (SELECT 1 FROM pg_user WHERE usename = " + accountName + ")", List.of(),
                    List.of("REVOKE ALL ON " + qualified(table.schema(), table.table()) + " FROM " + account,
                            "REVOKE USAGE ON SCHEMA " + quote(table.schema()) + " FROM " + account)));
        }
        return steps;
    }

    private static <T> Predicate<T> distinctBy(Function<T, String> key) {
        Set<String> seen = new HashSet<>();
        return item -> seen.add(key.apply(item));
    }

    private List<SetupStep> singleDatabaseDeleteSteps(String systemAccountName) {
        String account = quoteUserName(systemAccountName);
        List<String> revokes = new ArrayList<>(List.of("REVOKE " + dialect.systemAccountDatabaseAccess() + " ON DATABASE "
                + quote(config.database()) + " FROM " + account));
        if (dialect.hasPlpythonu()) {
            revokes.add("REVOKE USAGE ON LANGUAGE plpythonu FROM " + account);
        }
        List<SetupStep> steps = new ArrayList<>();
        // CASCADE: the schemas are the setup's own (validation found none before it), with its tables, views and procedures
        steps.add(SetupStep.idempotent("drop-support-schemas", MANAGED_DATABASE, List.of("DROP SCHEMA IF EXISTS "
                + SUPPORT_SCHEMAS.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", ")) + " CASCADE")));
        // an account that still holds rights on the database cannot be dropped
        steps.add(new SetupStep("revoke-database-access", MANAGED_DATABASE, exists("pg_user", "usename", systemAccountName),
                List.of(), revokes));
        steps.add(SetupStep.idempotent("drop-system-account", MANAGED_DATABASE, List.of("DROP USER IF EXISTS " + account)));
        if (config.impersonationEnabled()) {
            steps.add(dropGroupStep(MANAGED_DATABASE));
        }
        return List.copyOf(steps);
    }

    private List<SetupStep> removeImpersonationSteps() {
        List<String> drops = IMPERSONATION_PROCEDURES.stream()
                .map(name -> "DROP PROCEDURE IF EXISTS " + qualified(PROCEDURES_SCHEMA, name) + "(VARCHAR)")
                .toList();
        return List.of(SetupStep.idempotent("drop-impersonation-procedures", MANAGED_DATABASE, drops),
                dropGroupStep(MANAGED_DATABASE));
    }

    private SetupStep createGroupStep(SetupStep.Target database) {
        return new SetupStep("create-impersonation-group", database, exists("pg_group", "groname", config.impersonationRole()),
                List.of("CREATE GROUP " + quote(config.impersonationRole())), List.of());
    }

    private SetupStep dropGroupStep(SetupStep.Target database) {
        String group = quote(config.impersonationRole());
        return new SetupStep("drop-impersonation-group", database, exists("pg_group", "groname", config.impersonationRole()),
                List.of(), List.of(dialect.dropGroup(group)));
    }

    /**
     * {@code impersonate_user(name)} switches the session to another user (NULL switches back);
     * {@code grant_impersonation} and {@code revoke_impersonation} add users to the impersonation group and remove them.
     *
     * <p>{@code grant_impersonation} and {@code revoke_impersonation} run with their owner's rights (SECURITY DEFINER),
     * so they are built as AWS's "Security and privileges for stored procedures" asks: {@code search_path} pinned to
     * {@code pg_catalog}, so that a caller's schemas cannot shadow what the body calls (the bodies name no table, and
     * the temporary schema is never searched for functions or operators); catalog functions called by their
     * {@code pg_catalog.} names all the same; and EXECUTE for the system account only. PostgreSQL gives PUBLIC EXECUTE
     * on every new routine and Redshift does not, so the REVOKE matters on the stand-in and is harmless on Redshift.
     * {@code impersonate_user} runs with its caller's rights and lends none, but is built the same way; the
     * impersonation group keeps EXECUTE on it, which is what the group is for.
     *
     * @param systemAccount who may run the procedures, or null when the caller does not know it (an edit): the
     *                      default privilege of the {@code grant-privileges} step then gives the account EXECUTE on
     *                      procedures that the same administrator creates
     */
    private SetupStep createProceduresStep(String systemAccount) {
        String group = quote(config.impersonationRole());
        String impersonate = qualified(PROCEDURES_SCHEMA, "impersonate_user");
        String grant = qualified(PROCEDURES_SCHEMA, "grant_impersonation");
        String revoke = qualified(PROCEDURES_SCHEMA, "revoke_impersonation");
        List<String> statements = new ArrayList<>(List.of(
                procedure(impersonate, "  IF user_name IS NULL THEN\n    EXECUTE 'RESET SESSION AUTHORIZATION';\n  ELSE\n"
                        + "    EXECUTE 'SET SESSION AUTHORIZATION ' || pg_catalog.quote_ident(user_name);\n  END IF;\n", false),
                procedure(grant, "  EXECUTE 'ALTER GROUP " + group + " ADD USER ' || pg_catalog.quote_ident(user_name);\n", true),
                procedure(revoke, "  EXECUTE 'ALTER GROUP " + group + " DROP USER ' || pg_catalog.quote_ident(user_name);\n", true)));
        for (String procedure : List.of(impersonate, grant, revoke)) {
            statements.add("REVOKE EXECUTE ON PROCEDURE " + procedure + "(VARCHAR) FROM PUBLIC");
        }
        if (systemAccount != null) {
            for (String procedure : List.of(impersonate, grant, revoke)) {
                statements.add("GRANT EXECUTE ON PROCEDURE " + procedure + "(VARCHAR) TO " + quoteUserName(systemAccount));
            }
        }
        statements.add("GRANT EXECUTE ON PROCEDURE " + impersonate + "(VARCHAR) TO GROUP " + group);
        return SetupStep.idempotent("create-impersonation-procedures", MANAGED_DATABASE, statements);
    }

    /** The impersonation procedures as this version creates them, for a migration to replace older ones with. */
    SetupStep impersonationProceduresStep(String systemAccount) {
        return createProceduresStep(systemAccount);
    }

    /**
     * A one-argument PL/pgSQL procedure. The clauses after the body are in the order of Redshift's CREATE PROCEDURE
     * synopsis ({@code LANGUAGE plpgsql [SECURITY DEFINER] [SET configuration_parameter TO value]}), which
     * PostgreSQL accepts too.
     */
    private static String procedure(String name, String body, boolean securityDefiner) {
        // the names written into the body are quoted identifiers, which cannot hold the tag; this keeps it so
        if (body.contains(SqlIdentifiers.BODY_QUOTE)) {
            throw new IllegalStateException("a procedure body may not hold " + SqlIdentifiers.BODY_QUOTE);
        }
        return "CREATE OR REPLACE PROCEDURE " + name + "(user_name VARCHAR) AS " + SqlIdentifiers.BODY_QUOTE
                + "\nBEGIN\n" + body + "END;\n" + SqlIdentifiers.BODY_QUOTE + " LANGUAGE plpgsql"
                + (securityDefiner ? " SECURITY DEFINER" : "") + " SET search_path TO pg_catalog";
    }

    private String exists(String catalog, String column, String name) {
        return "SELECT 1 FROM " + catalog + " WHERE " + column + " = " + dialect.quoteLiteral(SqlIdentifiers.catalogName(name));
    }

    /** The steps as a script for a person to run: the statements of the steps that run in {@code database}. */
    public static String script(List<SetupStep> steps, SetupStep.Target database) {
        StringBuilder script = new StringBuilder();
        for (SetupStep step : steps) {
            if (step.database() != database) {
                continue;
            }
            List<String> statements = step.statements().isEmpty() ? step.whenPresent() : step.statements();
            script.append("-- ").append(step.name()).append('\n');
            for (String statement : statements) {
                script.append(statement).append(";\n");
            }
        }
        return script.toString();
    }
}
