package dev.tributary.sandbox.redshift;

import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SetupStep;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.sql.SystemAccount;
import dev.tributary.sandbox.postgres.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fleet fixture: many managed databases, one real database, each integration with its own host and account. */
class SharedDatabaseTest {
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    private static final String BASE = "fleettest";
    private static final int FLEET = 8;
    private static RedshiftStandIn standIn;

    @BeforeAll
    static void start() throws Exception {
        cleanUp();
        standIn = RedshiftStandIn.start(POSTGRES, 0, RedshiftStandIn.DEFAULT_PASSWORD).sharingDatabase(new SharedDatabase(BASE));
    }

    @AfterAll
    static void stop() throws Exception {
        standIn.close();
        cleanUp();
    }

    private static void cleanUp() throws SQLException {
        POSTGRES.dropDatabase(BASE);
        for (int i = 1; i <= FLEET; i++) {
            POSTGRES.dropRole(BASE + "_" + i + "_system");
        }
    }

    @Test
    void aFleetSetUpSideBySideLandsInOneRealDatabaseWithAnAccountPerIntegrationThatLogsInOnItsOwnHost() throws Exception {
        // side by side, as the bootstrap-worker runs setups: the shared catalog rows would be updated concurrently
        ExecutorService setups = Executors.newFixedThreadPool(FLEET);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 1; i <= FLEET; i++) {
                int n = i;
                done.add(setups.submit(() -> {
                    setUp(n);
                    return null;
                }));
            }
            for (Future<?> setup : done) {
                setup.get();
            }
        } finally {
            setups.shutdownNow();
        }
        for (int i = 1; i <= FLEET; i++) {
            try (Connection account = connect(host(i), BASE + "_" + i, BASE + "_" + i + "_system", password(i));
                 Statement statement = account.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT current_database(), current_user,"
                         + " (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'immuta_%')")) {
                assertTrue(rows.next());
                assertEquals(BASE, rows.getString(1));
                assertEquals(BASE + "_" + i + "_system", rows.getString(2));
                assertEquals(ManagedDatabaseSetup.SUPPORT_SCHEMAS.size(), rows.getInt(3));
            }
        }
        // one account's password is no other's
        assertThrows(SQLException.class, () -> connect(host(1), BASE + "_1", BASE + "_1_system", password(2)).close());
        try (Connection admin = POSTGRES.connect("postgres"); Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE '" + BASE + "%'")) {
            assertTrue(rows.next());
            assertEquals(1, rows.getInt(1), "no database of its own per managed database");
        }
    }

    @Test
    void droppingAManagedDatabaseOfTheFleetKeepsTheSharedOne() throws Exception {
        try (Connection admin = connect("127.0.0.1", RedshiftStandIn.DEFAULT_DATABASE, RedshiftStandIn.ADMIN_USER,
                RedshiftStandIn.DEFAULT_PASSWORD); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + BASE + "_3\"");
        }
        try (Connection shared = connect("127.0.0.1", BASE + "_4", RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD)) {
            assertTrue(shared.isValid(5));
        }
    }

    @Test
    void onlyWholeNamesOfTheFleetAreMappedSoSystemAccountsAndOtherNamesStayTheirOwn() {
        SharedDatabase fleet = new SharedDatabase("fleet");
        assertEquals("GRANT ALL PRIVILEGES ON DATABASE \"fleet\" TO \"fleet_12_system\"",
                fleet.rewrite("GRANT ALL PRIVILEGES ON DATABASE \"fleet_12\" TO \"fleet_12_system\""));
        assertEquals("SELECT 1 FROM pg_database WHERE datname = 'fleet'",
                fleet.rewrite("SELECT 1 FROM pg_database WHERE datname = 'fleet_12'"));
        assertEquals("SELECT 'xfleet_1', fleet_a_b", fleet.rewrite("SELECT 'xfleet_1', fleet_a_b"));
        assertEquals("fleet", fleet.database("fleet_7"));
        assertEquals("fleetx_7", fleet.database("fleetx_7"));
        assertEquals("dev", fleet.database("dev"));
        assertTrue(fleet.serializes("GRANT USAGE ON DATABASE fleet_1 TO x", false));
        assertTrue(fleet.serializes("CREATE SCHEMA IF NOT EXISTS s", true));
        assertFalse(fleet.serializes("SELECT 1 FROM pg_namespace", true), "reads run side by side");
        assertFalse(fleet.serializes("CREATE USER fleet_1_system PASSWORD 'x'", false), "a user is a row of its own");
    }

    private static void setUp(int n) throws Exception {
        RedshiftConfig config = config(n);
        try (Connection initial = connect(host(n), RedshiftStandIn.DEFAULT_DATABASE, RedshiftStandIn.ADMIN_USER,
                RedshiftStandIn.DEFAULT_PASSWORD);
             Connection managed = connect(host(n), config.database(), RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD)) {
            for (SetupStep step : new ManagedDatabaseSetup(config, SqlDialect.POSTGRESQL)
                    .createSteps(new SystemAccount(config.systemAccount(), password(n)))) {
                Connection connection = step.database() == SetupStep.Target.INITIAL_DATABASE ? initial : managed;
                try (Statement statement = connection.createStatement()) {
                    boolean present = false;
                    if (step.existenceCheck() != null) {
                        try (ResultSet rows = statement.executeQuery(step.existenceCheck())) {
                            present = rows.next();
                        }
                    }
                    for (String sql : present ? step.whenPresent() : step.statements()) {
                        statement.execute(sql);
                    }
                }
            }
        }
    }

    private static RedshiftConfig config(int n) {
        return new RedshiftConfig(host(n), standIn.port(), BASE + "_" + n, RedshiftStandIn.DEFAULT_DATABASE,
                Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null);
    }

    private static String host(int n) {
        return "127.3.0." + n;
    }

    private static String password(int n) {
        return "Fleet-Passw0rd-" + n;
    }

    private static Connection connect(String host, String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ssl", "false");
        properties.setProperty("loginTimeout", "10");
        return DriverManager.getConnection("jdbc:redshift://" + host + ":" + standIn.port() + "/" + database, properties);
    }
}
