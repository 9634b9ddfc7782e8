package dev.tributary.validation;

import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.validation.service.RedshiftValidator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validation tests against the Redshift stand-in (PostgreSQL behind the Redshift driver), with setup users made
 * in it that lack one permission each: every missing permission is named, a superuser passes, and the mode decides
 * what is needed.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "validation_worker"), @ResourceArg(name = "redshift", value = "true")})
class RedshiftValidatorTest {
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    private static final String PASSWORD = "Validator-Passw0rd";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @Inject
    RedshiftValidator validator;
    @ConfigProperty(name = "tributary.test.redshift.port")
    int redshiftPort;

    private final List<String> roles = new ArrayList<>();
    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void dropWhatTheTestMade() throws SQLException {
        for (String database : databases) {
            POSTGRES.dropDatabase(database);
        }
        for (String role : roles) {
            execute("postgres", "DROP OWNED BY " + role);
            POSTGRES.dropRole(role);
        }
    }

    private static void execute(String database, String... statements) throws SQLException {
        try (Connection connection = POSTGRES.connect(database); Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    /** A login in the stand-in with {@code attributes} (CREATEDB, CREATEROLE, ...). */
    private Credentials user(String name, String attributes) throws SQLException {
        String role = name + "_" + RUN;
        execute("postgres", "CREATE ROLE " + role + " LOGIN " + attributes + " PASSWORD '" + PASSWORD + "'");
        roles.add(role);
        return new Credentials(role, PASSWORD);
    }

    private String database(String name) throws SQLException {
        String database = name + "_" + RUN;
        POSTGRES.createDatabase(database);
        databases.add(database);
        return database;
    }

    private RedshiftConfig config(String database, String initialDatabase) {
        return new RedshiftConfig("127.0.0.1", redshiftPort, database, initialDatabase, Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
    }

    private static ValidationTest test(ValidationResults results, String name) {
        return results.validationTests().stream().filter(test -> test.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not among " + results));
    }

    private static ValidationTest grants(ValidationResults results) {
        return test(results, RedshiftValidator.SETUP_GRANTS);
    }

    @Test
    void aSuperuserHoldsEveryPermissionTheSetupNeeds() {
        RedshiftValidator.SetupValidation setup = validator.validateAutomaticSetup(config("vt_new_" + RUN, "dev"),
                new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD), null);
        assertEquals(TestStatus.PASSED, setup.results().status(), setup.results().toString());
        assertEquals(DatabaseMode.MULTI_DATABASE, setup.mode());
        assertEquals(List.of("awsuser is a superuser."), grants(setup.results()).result());
    }

    @Test
    void aUserWhoMayNotCreateDatabasesIsToldSoAndThatTheDatabaseRightsComeWithIt() throws SQLException {
        ValidationTest grants = grants(validator.validateAutomaticSetup(config("vt_new_" + RUN, "dev"),
                user("vt_nocreatedb", "CREATEROLE"), null).results());
        assertEquals(TestStatus.FAILED, grants.status());
        assertTrue(grants.message().contains("lacks 3 of the permissions the setup needs: CREATE DATABASE,"
                + " REVOKE ALL PRIVILEGES ON DATABASE, GRANT TEMP ON DATABASE."), grants.message());
        assertTrue(grants.message().contains("ALTER ROLE \"vt_nocreatedb_" + RUN + "\" CREATEDB"), grants.message());
        assertFalse(grants.message().contains("CREATE USER"), grants.message());
    }

    @Test
    void aUserWhoMayCreateDatabasesButNotRolesLacksCreateUserAndManageGrants() throws SQLException {
        // the old check let such a user through with a warning
        ValidationTest grants = grants(validator.validateAutomaticSetup(config("vt_new_" + RUN, "dev"),
                user("vt_norole", "CREATEDB"), null).results());
        assertEquals(TestStatus.FAILED, grants.status(), grants.toString());
        assertTrue(grants.message().contains("lacks 2 of the permissions the setup needs: CREATE USER, MANAGE GRANTS."),
                grants.message());
        assertTrue(grants.message().contains("ALTER ROLE \"vt_norole_" + RUN + "\" CREATEROLE"), grants.message());
    }

    @Test
    void aUserWithCreateDatabaseAndCreateRolePassesAndTheResultListsWhatItHolds() throws SQLException {
        ValidationTest grants = grants(validator.validateAutomaticSetup(config("vt_new_" + RUN, "dev"),
                user("vt_enough", "CREATEDB CREATEROLE"), null).results());
        assertEquals(TestStatus.PASSED, grants.status(), grants.toString());
        assertTrue(grants.result().containsAll(List.of("CREATE DATABASE", "CREATE USER", "REVOKE ALL PRIVILEGES ON DATABASE",
                "GRANT TEMP ON DATABASE", "MANAGE GRANTS")), grants.result().toString());
    }

    @Test
    void anEditByAUserWhoDoesNotOwnTheManagedDatabaseLacksRevokeAllButNotGrantTemp() throws SQLException {
        String managed = database("vt_managed");
        Credentials editor = user("vt_editor", "CREATEDB CREATEROLE");
        execute("postgres", "GRANT CONNECT, CREATE, TEMP ON DATABASE " + managed + " TO " + editor.username() + " WITH GRANT OPTION");
        RedshiftConfig config = config(managed, "dev");
        ValidationTest grants = grants(validator.validateAutomaticEdit(config, config, editor, DatabaseMode.MULTI_DATABASE));
        assertEquals(TestStatus.FAILED, grants.status(), grants.toString());
        assertTrue(grants.message().contains("lacks 1 of the permissions the setup needs: REVOKE ALL PRIVILEGES ON DATABASE."),
                grants.message());
        assertTrue(grants.message().contains("ALTER DATABASE \"" + managed + "\" OWNER TO"), grants.message());
    }

    @Test
    void aSingleDatabaseSetupNeedsNoCreateDatabaseButTheRightToGrantOnTheExistingDatabase() throws SQLException {
        String existing = database("vt_existing");
        Credentials user = user("vt_single", "CREATEROLE");
        RedshiftValidator.SetupValidation setup = validator.validateAutomaticSetup(config(existing, "dev"), user, null);
        assertEquals(DatabaseMode.SINGLE_DATABASE, setup.mode());
        ValidationTest grants = grants(setup.results());
        assertEquals(TestStatus.FAILED, grants.status(), grants.toString());
        assertTrue(grants.message().contains("lacks 1 of the permissions the setup needs: GRANT TEMP ON DATABASE."), grants.message());
        assertTrue(grants.message().contains("CREATE DATABASE and REVOKE ALL PRIVILEGES ON DATABASE are not needed"), grants.message());

        execute("postgres", "GRANT CONNECT, CREATE, TEMP ON DATABASE " + existing + " TO " + user.username() + " WITH GRANT OPTION");
        grants = grants(validator.validateAutomaticSetup(config(existing, "dev"), user, null).results());
        assertEquals(TestStatus.PASSED, grants.status(), grants.toString());
        assertTrue(grants.result().contains("Single-database mode: CREATE DATABASE and REVOKE ALL PRIVILEGES ON DATABASE are not"
                + " needed; no database is created and nothing is revoked on " + existing + "."), grants.result().toString());
    }

    @Test
    void inSingleDatabaseModeTheDatabaseTestIsSkippedAndSupportSchemasFoundFailNamingThem() throws SQLException {
        String existing = database("vt_taken");
        execute(existing, "CREATE SCHEMA immuta_system", "CREATE SCHEMA immuta_procedures", "CREATE SCHEMA sales");
        RedshiftValidator.SetupValidation setup = validator.validateAutomaticSetup(config(existing, existing),
                new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD), DatabaseMode.SINGLE_DATABASE);
        ValidationTest databaseTest = test(setup.results(), RedshiftValidator.DATABASE_IS_NEW);
        assertEquals(TestStatus.SKIPPED, databaseTest.status());
        assertTrue(databaseTest.message().startsWith("Single-database mode: " + existing + " is config.initialDatabase"), databaseTest.message());
        ValidationTest schemas = test(setup.results(), RedshiftValidator.SCHEMAS_ARE_NEW);
        assertEquals(TestStatus.FAILED, schemas.status());
        assertTrue(schemas.message().startsWith("Database " + existing + " already holds schemas immuta_system, immuta_procedures."),
                schemas.message());
    }

    @Test
    void onPostgresqlTheCaseSensitivityTestIsSkippedWithItsReason() {
        ValidationTest test = test(validator.validateAutomaticSetup(config("vt_new_" + RUN, "dev"),
                new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD), null).results(),
                RedshiftValidator.CASE_INSENSITIVE);
        assertEquals(TestStatus.SKIPPED, test.status());
        assertTrue(test.message().contains("has no enable_case_sensitive_identifier"), test.message());
    }
}
