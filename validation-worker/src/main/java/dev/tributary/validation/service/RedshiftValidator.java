package dev.tributary.validation.service;

import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.support.redshift.RedshiftTargets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The validation tests of a governance integration, run through the Redshift JDBC driver. Automatic setup checks
 * that the setup can run (connection, the database or the schemas are new, the user holds each permission the setup
 * needs); manual setup checks that the scripts were run (the system account connects, the support objects exist).
 * An automatic create also decides the integration's {@link DatabaseMode} here, once.
 */
@ApplicationScoped
public class RedshiftValidator {
    public static final String CONNECTION_TEST = "Initial Validation: Basic Connection Test";
    public static final String DATABASE_IS_NEW = "Validate Automatic Bootstrap: Immuta Database Does Not Exist";
    public static final String SCHEMAS_ARE_NEW = "Validate Automatic Bootstrap: Immuta Schemas Do Not Exist";
    public static final String SETUP_GRANTS = "Validate Automatic Bootstrap User Grants";
    public static final String CASE_INSENSITIVE = "Validate Redshift: enable_case_sensitive_identifier Is False";
    public static final String IMPERSONATION_IS_NEW = "Validate Automatic Bootstrap: Impersonation Role Does Not Exist";
    public static final String SUPPORT_OBJECTS = "Validate Manual Setup: Support Schemas and Tables Exist";
    public static final String IMPERSONATION_OBJECTS = "Validate Manual Setup: Impersonation Group and Procedures Exist";
    public static final String OKTA_IDENTITY = "Validate Manual Setup: Okta Signs In As The System User";
    private static final String NO_IMPERSONATION = "Impersonation is not enabled.";

    /** The results of an automatic create, with the mode it found (null when the target could not be asked). */
    public record SetupValidation(ValidationResults results, DatabaseMode mode) {
    }

    @Inject
    RedshiftTargets targets;

    /**
     * Before an automatic setup: the connection; whether {@code database} exists, which decides the mode (unless the
     * names decided it already, {@code declared}); a new database, or new schemas in the existing one; each permission
     * the setup needs; case-insensitive names; a new impersonation group.
     */
    public SetupValidation validateAutomaticSetup(RedshiftConfig config, Credentials credentials, DatabaseMode declared) {
        List<ValidationTest> tests = new ArrayList<>();
        DatabaseMode mode = null;
        try (Connection connection = connect(config, credentials, config.initialDatabase(), tests)) {
            if (connection == null) {
                skipRest(tests, DATABASE_IS_NEW, SETUP_GRANTS, CASE_INSENSITIVE, IMPERSONATION_IS_NEW);
                return new SetupValidation(ValidationResults.of(tests), declared);
            }
            SqlDialect dialect = SqlDialect.of(connection);
            boolean exists = exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", config.database());
            mode = declared != null ? declared : exists ? DatabaseMode.SINGLE_DATABASE : DatabaseMode.MULTI_DATABASE;
            if (mode == DatabaseMode.SINGLE_DATABASE) {
                tests.add(ValidationTest.skipped(DATABASE_IS_NEW, "Single-database mode: " + config.database()
                        + (DatabaseMode.sameDatabase(config) ? " is config.initialDatabase" : " already exists")
                        + ", so the support schemas go into it and no database is created."));
                tests.add(schemasAreNew(config, credentials, connection));
            } else {
                tests.add(ValidationTest.passed(DATABASE_IS_NEW, List.of()));
            }
            tests.add(setupGrants(connection, dialect, config, mode, exists));
            tests.add(caseInsensitive(connection, dialect, config));
            tests.add(config.impersonationEnabled() ? impersonationIsNew(connection, config)
                    : ValidationTest.skipped(IMPERSONATION_IS_NEW, NO_IMPERSONATION));
        } catch (SQLException e) {
            tests.add(ValidationTest.failed(SETUP_GRANTS, "Checking the target failed: " + e.getMessage()));
        }
        return new SetupValidation(ValidationResults.of(tests), mode);
    }

    /** Before an automatic edit: the privileged user reaches the managed database and may still do the setup's work. */
    public ValidationResults validateAutomaticEdit(RedshiftConfig config, RedshiftConfig previous, Credentials credentials,
                                                   DatabaseMode mode) {
        List<ValidationTest> tests = new ArrayList<>();
        try (Connection connection = connect(config, credentials, config.database(), tests)) {
            if (connection == null) {
                skipRest(tests, SETUP_GRANTS, CASE_INSENSITIVE, IMPERSONATION_IS_NEW);
                return ValidationResults.of(tests);
            }
            SqlDialect dialect = SqlDialect.of(connection);
            tests.add(setupGrants(connection, dialect, config, DatabaseMode.orMulti(mode), true));
            tests.add(caseInsensitive(connection, dialect, config));
            boolean newGroup = config.impersonationEnabled() && !(previous.impersonationEnabled()
                    && SqlIdentifiers.sameName(previous.impersonationRole(), config.impersonationRole()));
            tests.add(newGroup ? impersonationIsNew(connection, config)
                    : ValidationTest.skipped(IMPERSONATION_IS_NEW, "No impersonation group is created by this edit."));
        } catch (SQLException e) {
            tests.add(ValidationTest.failed(SETUP_GRANTS, "Checking the target failed: " + e.getMessage()));
        }
        return ValidationResults.of(tests);
    }

    /** Before an automatic delete: the privileged user reaches {@code initialDatabase}. */
    public ValidationResults validateConnection(RedshiftConfig config, Credentials credentials) {
        List<ValidationTest> tests = new ArrayList<>();
        try (Connection ignored = connect(config, credentials, config.initialDatabase(), tests)) {
            return ValidationResults.of(tests);
        } catch (SQLException e) {
            return ValidationResults.of(List.of(ValidationTest.failed(CONNECTION_TEST, e.getMessage())));
        }
    }

    /**
     * That a manual setup is in place, as its system account sees it: the account logs in to the managed database,
     * the support schemas and tables exist, and so do the impersonation group and procedures when enabled.
     * Also the periodic re-validation of every enabled integration.
     */
    public ValidationResults validateManualSetup(RedshiftConfig config, Credentials systemAccount) {
        return checkSetup(config, systemAccount).results();
    }

    /** A check's results, and whether its connection failed without reaching the host at all. */
    public record SetupCheck(ValidationResults results, boolean unreachable) {
    }

    /** As {@link #validateManualSetup}, telling apart a host that could not be reached (for {@link HostBackoff}). */
    public SetupCheck checkSetup(RedshiftConfig config, Credentials systemAccount) {
        List<ValidationTest> tests = new ArrayList<>();
        boolean[] unreachable = {false};
        try (Connection connection = connect(config, systemAccount, config.database(), tests,
                e -> unreachable[0] = ConnectionFailures.unreachable(config, e))) {
            if (connection == null) {
                skipRest(tests, SUPPORT_OBJECTS, CASE_INSENSITIVE, IMPERSONATION_OBJECTS);
                return new SetupCheck(ValidationResults.of(tests), unreachable[0]);
            }
            if (config.authenticationType() == AuthenticationType.OKTA) {
                tests.add(oktaIdentity(connection, config, systemAccount));
            }
            List<String> missing = new ArrayList<>();
            for (String schema : ManagedDatabaseSetup.SUPPORT_SCHEMAS) {
                if (!exists(connection, "SELECT 1 FROM pg_namespace WHERE nspname = ?", schema)) {
                    missing.add("schema " + schema);
                }
            }
            for (String relation : List.of(ManagedDatabaseSetup.PROFILE_TABLE, ManagedDatabaseSetup.USER_PROFILE_VIEW)) {
                if (!existsIn(connection, ManagedDatabaseSetup.SYSTEM_SCHEMA, "pg_class", "relname", relation)) {
                    missing.add(ManagedDatabaseSetup.SYSTEM_SCHEMA + "." + relation);
                }
            }
            tests.add(missing.isEmpty() ? ValidationTest.passed(SUPPORT_OBJECTS, List.of())
                    : ValidationTest.failed(SUPPORT_OBJECTS, "Missing in database " + config.database() + ": "
                    + String.join(", ", missing) + ". Run the script from POST /integrations/scripts/create in it."));
            tests.add(caseInsensitive(connection, SqlDialect.of(connection), config));
            tests.add(config.impersonationEnabled() ? impersonationObjects(connection, config)
                    : ValidationTest.skipped(IMPERSONATION_OBJECTS, NO_IMPERSONATION));
        } catch (SQLException e) {
            tests.add(ValidationTest.failed(SUPPORT_OBJECTS, "Checking the target failed: " + e.getMessage()));
        }
        return new SetupCheck(ValidationResults.of(tests), false);
    }

    /** What a check that did not connect ({@link HostBackoff}) reports: the connection test failed with {@code reason}. */
    public ValidationResults notTried(String reason) {
        List<ValidationTest> tests = new ArrayList<>(List.of(ValidationTest.failed(CONNECTION_TEST, reason)));
        skipRest(tests, SUPPORT_OBJECTS, CASE_INSENSITIVE, IMPERSONATION_OBJECTS);
        return ValidationResults.of(tests);
    }

    /** In single-database mode: none of the support schemas is in the existing database yet. */
    private ValidationTest schemasAreNew(RedshiftConfig config, Credentials credentials, Connection initial) throws SQLException {
        if (DatabaseMode.sameDatabase(config)) {
            return schemasAreNew(initial, config);
        }
        Connection target;
        try {
            target = targets.open(config, credentials, config.database());
        } catch (SQLException e) {
            return ValidationTest.failed(SCHEMAS_ARE_NEW, ConnectionFailures.describe(config, config.database(), e));
        }
        try (target) {
            return schemasAreNew(target, config);
        }
    }

    private static ValidationTest schemasAreNew(Connection target, RedshiftConfig config) throws SQLException {
        List<String> found = new ArrayList<>();
        for (String schema : ManagedDatabaseSetup.SUPPORT_SCHEMAS) {
            if (exists(target, "SELECT 1 FROM pg_namespace WHERE nspname = ?", schema)) {
                found.add(schema);
            }
        }
        return found.isEmpty() ? ValidationTest.passed(SCHEMAS_ARE_NEW, List.of())
                : ValidationTest.failed(SCHEMAS_ARE_NEW, "Database " + config.database() + " already holds schema"
                + (found.size() == 1 ? " " : "s ") + String.join(", ", found) + ". A single-database setup adds "
                + String.join(", ", ManagedDatabaseSetup.SUPPORT_SCHEMAS) + " itself: drop or rename the schemas found"
                + " (another integration's, or a setup's that did not finish: POST /integrations/scripts/cleanup), or"
                + " choose another config.database.");
    }

    private static ValidationTest setupGrants(Connection connection, SqlDialect dialect, RedshiftConfig config,
                                              DatabaseMode mode, boolean databaseExists) throws SQLException {
        SetupPermissions.Held held = SetupPermissions.of(dialect).read(connection, config.database(), databaseExists);
        return SetupPermissions.judge(SETUP_GRANTS, held, dialect, config, mode, databaseExists);
    }

    private static ValidationTest caseInsensitive(Connection connection, SqlDialect dialect, RedshiftConfig config)
            throws SQLException {
        if (dialect != SqlDialect.REDSHIFT) {
            return ValidationTest.skipped(CASE_INSENSITIVE, "The target is PostgreSQL (such as the local stand-in),"
                    + " which has no enable_case_sensitive_identifier and always folds unquoted names to lower case.");
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW enable_case_sensitive_identifier")) {
            rows.next();
            return caseInsensitive(rows.getString(1), config, currentUser(connection));
        }
    }

    /**
     * The verdict on a Redshift target's {@code enable_case_sensitive_identifier}, as {@code SHOW} reports it for this
     * session (the user's own setting, else the parameter group's). AWS's Database Developer Guide,
     * "enable_case_sensitive_identifier": with it on, quoted names keep their case, so the names Tributary writes
     * and the names users write without quotes would stop meaning the same objects.
     */
    static ValidationTest caseInsensitive(String value, RedshiftConfig config, String user) {
        String setting = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!(setting.equals("on") || setting.equals("true") || setting.equals("1"))) {
            return ValidationTest.passed(CASE_INSENSITIVE, List.of(setting));
        }
        return ValidationTest.failed(CASE_INSENSITIVE, "enable_case_sensitive_identifier is on for user " + user + " on "
                + config.targetDescription() + "; this integration needs it off. Turn it off for the user with ALTER USER "
                + user + " SET enable_case_sensitive_identifier TO false, or for the whole cluster by setting"
                + " enable_case_sensitive_identifier to false in its parameter group, then validate again.");
    }

    private static ValidationTest impersonationObjects(Connection connection, RedshiftConfig config) throws SQLException {
        List<String> missing = new ArrayList<>();
        if (!exists(connection, "SELECT 1 FROM pg_group WHERE groname = ?", config.impersonationRole())) {
            missing.add("group " + config.impersonationRole());
        }
        for (String procedure : ManagedDatabaseSetup.IMPERSONATION_PROCEDURES) {
            if (!existsIn(connection, ManagedDatabaseSetup.PROCEDURES_SCHEMA, "pg_proc", "proname", procedure)) {
                missing.add("procedure " + ManagedDatabaseSetup.PROCEDURES_SCHEMA + "." + procedure);
            }
        }
        return missing.isEmpty() ? ValidationTest.passed(IMPERSONATION_OBJECTS, List.of())
                : ValidationTest.failed(IMPERSONATION_OBJECTS, "Missing: " + String.join(", ", missing)
                + ". Run the edit script (POST /integrations/{id}/scripts/edit) or the create script.");
    }

    private static ValidationTest impersonationIsNew(Connection connection, RedshiftConfig config) throws SQLException {
        return exists(connection, "SELECT 1 FROM pg_group WHERE groname = ?", config.impersonationRole())
                ? ValidationTest.failed(IMPERSONATION_IS_NEW, "Group " + config.impersonationRole()
                + " already exists. Choose another config.impersonation.role, or drop the group.")
                : ValidationTest.passed(IMPERSONATION_IS_NEW, List.of());
    }

    /** Opens a connection and records the connection test; null (with a failed test) when it cannot connect. */
    private Connection connect(RedshiftConfig config, Credentials credentials, String database, List<ValidationTest> tests) {
        return connect(config, credentials, database, tests, e -> {
        });
    }

    private Connection connect(RedshiftConfig config, Credentials credentials, String database, List<ValidationTest> tests,
                               Consumer<SQLException> failed) {
        try {
            Connection connection = targets.open(config, credentials, database);
            tests.add(ValidationTest.passed(CONNECTION_TEST, List.of(version(connection))));
            return connection;
        } catch (SQLException e) {
            failed.accept(e);
            tests.add(ValidationTest.failed(CONNECTION_TEST, ConnectionFailures.describe(config, database, e)));
            return null;
        }
    }

    private static String version(Connection connection) throws SQLException {
        try (PreparedStatement version = connection.prepareStatement("SELECT version()");
             ResultSet rows = version.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }


    /**
     * The scripts granted to the database user named like the Okta user; the driver signs in as whatever DbUser the
     * Okta app's assertion names. Were they different, the integration would run as another user (perhaps one with
     * more rights) and the delete script would drop the wrong one.
     */
    private static ValidationTest oktaIdentity(Connection connection, RedshiftConfig config, Credentials systemAccount)
            throws SQLException {
        // GetClusterCredentials' logins are "IAM:<user>" (or "IAMA:<user>" with AutoCreate), the user itself is not
        String signedIn = currentUser(connection).replaceFirst("^IAMA?:", "");
        if (SqlIdentifiers.sameName(signedIn, systemAccount.username())) {
            return ValidationTest.passed(OKTA_IDENTITY, List.of(signedIn));
        }
        return ValidationTest.failed(OKTA_IDENTITY, "Okta app " + config.okta().appId() + " signs " + systemAccount.username()
                + " in as database user " + signedIn + ", but the setup scripts granted to " + SqlIdentifiers.catalogName(systemAccount.username())
                + ". Map the app's DbUser attribute to the Okta user name, or run the scripts for that user.");
    }

    private static String currentUser(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT current_user")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Whether {@code sql} returns a row; its parameters are names, as the user wrote them, looked up as the catalog holds them. */
    static boolean exists(Connection connection, String sql, String... names) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < names.length; i++) {
                query.setString(i + 1, SqlIdentifiers.catalogName(names[i]));
            }
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Whether {@code catalog} (pg_class, pg_proc) holds an object named {@code name} in {@code schema}. */
    private static boolean existsIn(Connection connection, String schema, String catalog, String nameColumn, String name)
            throws SQLException {
        String namespaceColumn = catalog.equals("pg_class") ? "relnamespace" : "pronamespace";
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM " + catalog + " o JOIN pg_namespace n"
                + " ON n.oid = o." + namespaceColumn + " WHERE n.nspname = ? AND o." + nameColumn + " = ?")) {
            query.setString(1, schema);
            query.setString(2, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void skipRest(List<ValidationTest> tests, String... names) {
        for (String name : names) {
            tests.add(ValidationTest.skipped(name, "Skipped: the connection test failed."));
        }
    }
}
