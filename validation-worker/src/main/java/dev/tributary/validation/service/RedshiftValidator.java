package dev.tributary.validation.service;

import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.support.redshift.RedshiftTargets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation tests of a governance integration, run through the Redshift JDBC driver. Automatic setup checks
 * that the setup can run (connection, the database is new, the user may create it); manual setup checks that the
 * scripts were run (the system account connects, the support objects exist).
 */
@ApplicationScoped
public class RedshiftValidator {
    public static final String CONNECTION_TEST = "Initial Validation: Basic Connection Test";
    public static final String DATABASE_IS_NEW = "Validate Automatic Bootstrap: Immuta Database Does Not Exist";
    public static final String SETUP_GRANTS = "Validate Automatic Bootstrap User Grants";
    public static final String IMPERSONATION_IS_NEW = "Validate Automatic Bootstrap: Impersonation Role Does Not Exist";
    public static final String SUPPORT_OBJECTS = "Validate Manual Setup: Support Schemas and Tables Exist";
    public static final String IMPERSONATION_OBJECTS = "Validate Manual Setup: Impersonation Group and Procedures Exist";
    private static final String NO_IMPERSONATION = "Impersonation is not enabled.";

    @Inject
    RedshiftTargets targets;

    /** Before an automatic setup: the connection, a new database name, the right to create it, a new group. */
    public ValidationResults validateAutomaticSetup(RedshiftConfig config, Credentials credentials) {
        List<ValidationTest> tests = new ArrayList<>();
        try (Connection connection = connect(config, credentials, config.initialDatabase(), tests)) {
            if (connection == null) {
                skipRest(tests, DATABASE_IS_NEW, SETUP_GRANTS, IMPERSONATION_IS_NEW);
                return ValidationResults.of(tests);
            }
            tests.add(exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", config.database())
                    ? ValidationTest.failed(DATABASE_IS_NEW, "Database " + config.database() + " already exists on "
                    + config.targetDescription() + ". Choose a new name for config.database, or drop the database.")
                    : ValidationTest.passed(DATABASE_IS_NEW, List.of()));
            tests.add(setupGrants(connection));
            tests.add(config.impersonationEnabled() ? impersonationIsNew(connection, config)
                    : ValidationTest.skipped(IMPERSONATION_IS_NEW, NO_IMPERSONATION));
        } catch (SQLException e) {
            tests.add(ValidationTest.failed(SETUP_GRANTS, "Checking the target failed: " + e.getMessage()));
        }
        return ValidationResults.of(tests);
    }

    /** Before an automatic edit: the privileged user reaches the managed database; a group to create is new. */
    public ValidationResults validateAutomaticEdit(RedshiftConfig config, RedshiftConfig previous, Credentials credentials) {
        List<ValidationTest> tests = new ArrayList<>();
        try (Connection connection = connect(config, credentials, config.database(), tests)) {
            if (connection == null) {
                skipRest(tests, SETUP_GRANTS, IMPERSONATION_IS_NEW);
                return ValidationResults.of(tests);
            }
            tests.add(setupGrants(connection));
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
        List<ValidationTest> tests = new ArrayList<>();
        try (Connection connection = connect(config, systemAccount, config.database(), tests)) {
            if (connection == null) {
                skipRest(tests, SUPPORT_OBJECTS, IMPERSONATION_OBJECTS);
                return ValidationResults.of(tests);
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
            tests.add(config.impersonationEnabled() ? impersonationObjects(connection, config)
                    : ValidationTest.skipped(IMPERSONATION_OBJECTS, NO_IMPERSONATION));
        } catch (SQLException e) {
            tests.add(ValidationTest.failed(SUPPORT_OBJECTS, "Checking the target failed: " + e.getMessage()));
        }
        return ValidationResults.of(tests);
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
        try {
            Connection connection = targets.open(config, credentials, database);
            try (PreparedStatement version = connection.prepareStatement("SELECT version()");
                 ResultSet rows = version.executeQuery()) {
                rows.next();
                tests.add(ValidationTest.passed(CONNECTION_TEST, List.of(rows.getString(1))));
            }
            return connection;
        } catch (SQLException e) {
            tests.add(ValidationTest.failed(CONNECTION_TEST, ConnectionFailures.describe(config, database, e)));
            return null;
        }
    }

    private static ValidationTest setupGrants(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT usesuper, usecreatedb FROM pg_user WHERE usename = current_user");
             ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
                return ValidationTest.failed(SETUP_GRANTS, "The current user is not listed in pg_user.");
            }
            if (rows.getBoolean(1)) {
                return ValidationTest.passed(SETUP_GRANTS, List.of());
            }
            if (rows.getBoolean(2)) {
                return new ValidationTest(SETUP_GRANTS, TestStatus.WARNING, List.of(), "The user may create databases"
                        + " but is not a superuser; make sure it may also CREATE USER and manage grants.");
            }
            return ValidationTest.failed(SETUP_GRANTS, "The user may not create databases. Use a superuser, or grant"
                    + " CREATE DATABASE, CREATE USER and the right to manage grants.");
        }
    }

    /** Whether {@code sql} finds the catalog row of {@code name} (written as the user wrote it). */
    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, SqlIdentifiers.catalogName(name));
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
