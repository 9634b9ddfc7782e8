package dev.tributary.sandbox;

import dev.tributary.contracts.governance.Entitlements;
import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.GovernedViews;
import dev.tributary.contracts.governance.MaskMethod;
import dev.tributary.contracts.governance.PolicyRule;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SetupStep;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.sql.SystemAccount;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.testing.QueryRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Governed views as users see them: the views and entitlements are written by the system account of a managed
 * database on the Redshift stand-in, and each user signs in through the Redshift driver and queries.
 */
class GovernedViewsTest {
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    private static final String PASSWORD = "Governed-Passw0rd";
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String DATABASE = "gv_" + SUFFIX;
    private static final String SYSTEM = DATABASE + "_system";
    private static final List<String> USERS = List.of("alice_" + SUFFIX, "bob_" + SUFFIX, "carol_" + SUFFIX);
    private static final GovernedViews VIEWS = new GovernedViews(SqlDialect.POSTGRESQL);
    private static RedshiftStandIn standIn;

    @BeforeAll
    static void setUpTheManagedDatabaseWithATableAndThreeUsers() throws Exception {
        standIn = RedshiftStandIn.start(POSTGRES, 0, RedshiftStandIn.DEFAULT_PASSWORD);
        RedshiftConfig config = new RedshiftConfig("127.0.0.1", standIn.port(), DATABASE, "dev", Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
        List<SetupStep> steps = new ManagedDatabaseSetup(config, SqlDialect.POSTGRESQL).createSteps(new SystemAccount(SYSTEM, PASSWORD));
        try (Connection initial = POSTGRES.connect("postgres"); Statement sql = initial.createStatement()) {
            run(sql, steps, SetupStep.Target.INITIAL_DATABASE);
            for (String user : USERS) {
                sql.execute("CREATE USER " + user + " PASSWORD '" + PASSWORD + "'");
            }
        }
        try (Connection managed = POSTGRES.connect(DATABASE); Statement sql = managed.createStatement()) {
            run(sql, steps, SetupStep.Target.MANAGED_DATABASE);
            sql.execute("CREATE SCHEMA sales");
            sql.execute("CREATE TABLE sales.orders (id INT, region VARCHAR(16), email VARCHAR(64), amount INT)");
            sql.execute("INSERT INTO sales.orders VALUES (1, 'east', 'a@example.com', 10), (2, 'west', 'b@example.com', 20),"
                    + " (3, 'east', 'c@example.com', 30)");
            sql.execute("GRANT USAGE ON SCHEMA sales TO " + SYSTEM);
            sql.execute("GRANT SELECT ON sales.orders TO " + SYSTEM);
        }
        // the setup made the entitlement tables (support objects version 3); the system account writes their rows
        asSystemAccount(VIEWS.writeProfile(USERS.get(0), new Entitlements(Map.of("region", List.of("east")), List.of()), Instant.now()));
        asSystemAccount(VIEWS.writeProfile(USERS.get(1), new Entitlements(Map.of("region", List.of("west", "east")),
                List.of("auditors")), Instant.now()));
    }

    @AfterAll
    static void dropEverything() throws Exception {
        standIn.close();
        POSTGRES.dropDatabase(DATABASE);
        for (String user : USERS) {
            POSTGRES.dropRole(user);
        }
        POSTGRES.dropRole(SYSTEM);
    }

    private static void run(Statement sql, List<SetupStep> steps, SetupStep.Target target) throws SQLException {
        for (SetupStep step : steps) {
            if (step.database() == target) {
                for (String statement : step.statements()) {
                    sql.execute(statement);
                }
            }
        }
    }

    private static Connection signIn(String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("ssl", "false");
        return DriverManager.getConnection("jdbc:redshift://127.0.0.1:" + standIn.port() + "/" + DATABASE, properties);
    }

    /** Runs {@code statements} as the system account in one transaction, as the bootstrap-worker's steps do. */
    private static void asSystemAccount(List<String> statements) throws SQLException {
        try (Connection connection = signIn(SYSTEM); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String statement : statements) {
                sql.execute(statement);
            }
            connection.commit();
        }
    }

    private static List<String> rows(String user, String query) throws SQLException {
        try (Connection connection = signIn(user)) {
            return QueryRows.read(connection, query);
        }
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static GovernedTable orders(String viewName) {
        return new GovernedTable(null, "sales", "orders", List.of("id", "region", "email", "amount"), "sales_governed", viewName);
    }

    @Test
    void eachUserSeesTheRowsOfTheirRegionAndMaskedEmailsUnlessTheyAudit() throws Exception {
        asSystemAccount(VIEWS.createView(orders("orders"), List.of(
                new PolicyRule.RowFilter("region", "region", null),
                new PolicyRule.Mask(List.of("email"), MaskMethod.HASH, null, List.of("auditors")))));

        String query = "SELECT * FROM sales_governed.orders ORDER BY id";
        assertEquals(List.of("1|east|" + sha256("a@example.com") + "|10", "3|east|" + sha256("c@example.com") + "|30"),
                rows(USERS.get(0), query), "alice: east only, e-mails hashed");
        assertEquals(List.of("1|east|a@example.com|10", "2|west|b@example.com|20", "3|east|c@example.com|30"),
                rows(USERS.get(1), query), "bob: both regions, an auditor reads the e-mails");
        assertEquals(List.of(), rows(USERS.get(2), query), "carol has no entry and sees nothing");

        SQLException denied = assertThrows(SQLException.class, () -> rows(USERS.get(0), "SELECT * FROM sales.orders"));
        assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
    }

    @Test
    void policiesCombineFiltersByAndAndTheFirstMaskThatAppliesWins() throws Exception {
        asSystemAccount(VIEWS.createView(orders("orders_for_auditors"), List.of(
                new PolicyRule.RowFilter(null, null, List.of("auditors")),
                new PolicyRule.RowFilter("region", "region", null),
                new PolicyRule.Mask(List.of("amount"), MaskMethod.NULL, null, List.of()),
                new PolicyRule.Mask(List.of("email", "region"), MaskMethod.CONSTANT, "hidden", List.of("nobody")))));

        String query = "SELECT * FROM sales_governed.orders_for_auditors ORDER BY id";
        assertEquals(List.of(), rows(USERS.get(0), query), "alice is no auditor");
        assertEquals(List.of("1|hidden|hidden|null", "2|hidden|hidden|null", "3|hidden|hidden|null"), rows(USERS.get(1), query));
    }

    @Test
    void aChangedProfileShowsInTheNextQueryAndARemovedOneHidesEverything() throws Exception {
        GovernedTable table = orders("orders_by_region");
        asSystemAccount(VIEWS.createView(table, List.of(new PolicyRule.RowFilter("region", "region", null))));
        String user = USERS.get(2);
        String query = "SELECT id FROM sales_governed.orders_by_region ORDER BY id";
        asSystemAccount(VIEWS.writeProfile(user, new Entitlements(Map.of("region", List.of("west")), List.of()), Instant.now()));
        assertEquals(List.of("2"), rows(user, query));
        asSystemAccount(VIEWS.writeProfile(user, new Entitlements(Map.of("region", List.of("east")), List.of()), Instant.now()));
        assertEquals(List.of("1", "3"), rows(user, query));
        asSystemAccount(VIEWS.removeProfile(user));
        assertEquals(List.of(), rows(user, query));

        asSystemAccount(VIEWS.dropView(table));
        SQLException gone = assertThrows(SQLException.class, () -> rows(USERS.get(1), query));
        assertTrue(gone.getMessage().contains("does not exist"), gone.getMessage());
    }
}
