package dev.tributary.sandbox;

import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The unmodified Redshift JDBC driver against the stand-in, which is PostgreSQL underneath. */
class RedshiftStandInTest {
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    private static RedshiftStandIn standIn;

    @BeforeAll
    static void start() throws Exception {
        standIn = RedshiftStandIn.start(POSTGRES, 0, RedshiftStandIn.DEFAULT_PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        standIn.close();
        POSTGRES.dropRole("standin_test_user");
    }

    private Connection connect(String host, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ssl", "false");
        properties.setProperty("loginTimeout", "10");
        return DriverManager.getConnection("jdbc:redshift://" + host + ":" + standIn.port() + "/dev", properties);
    }

    @Test
    void theRedshiftDriverConnectsAndRunsStatementsOnAnyLoopbackAddress() throws Exception {
        for (String host : new String[]{"127.0.0.1", "127.0.0.42", "127.1.2.3"}) {
            try (Connection connection = connect(host, RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD);
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT version(), current_user, current_database()")) {
                assertTrue(rows.next());
                assertTrue(rows.getString(1).contains("PostgreSQL"), "the stand-in reports its real engine");
                assertFalse(rows.getString(1).contains("Redshift"));
                assertEquals(RedshiftStandIn.ADMIN_USER, rows.getString(2));
                assertEquals("dev", rows.getString(3));
            }
        }
    }

    @Test
    void peersFromOtherMachinesAreTurnedAwayUnlessItIsOpenToThem() throws Exception {
        String ownAddress = nonLoopbackAddress();
        assumeTrue(ownAddress != null, "this machine has no address besides loopback");
        assertThrows(SQLException.class, () -> connect(ownAddress, RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD).close());
        try (RedshiftStandIn open = RedshiftStandIn.start(POSTGRES, 0, RedshiftStandIn.DEFAULT_PASSWORD, true)) {
            Properties properties = new Properties();
            properties.setProperty("user", RedshiftStandIn.ADMIN_USER);
            properties.setProperty("password", RedshiftStandIn.DEFAULT_PASSWORD);
            properties.setProperty("ssl", "false");
            try (Connection connection = DriverManager.getConnection("jdbc:redshift://" + ownAddress + ":" + open.port() + "/dev", properties);
                 Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertTrue(rows.next());
            }
        }
    }

    /** An IPv4 address of this machine that is not loopback, or null. */
    private static String nonLoopbackAddress() throws Exception {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        return null;
    }

    /**
     * A sign-in the stand-in cannot check (here its PostgreSQL login for the password lookup was turned away) is
     * answered with an error the driver reports, as a cluster that cannot serve a sign-in answers, rather than a
     * dropped connection.
     */
    @Test
    void aSignInWhosePasswordCannotBeLookedUpIsAnsweredWithTheReason() throws Exception {
        String lookup = "standin_lookup_" + ProcessHandle.current().pid();
        try (Connection admin = POSTGRES.connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + lookup + " LOGIN SUPERUSER PASSWORD 'Lookup-Passw0rd'");
            try (RedshiftStandIn starved = RedshiftStandIn.start(new LocalPostgres(POSTGRES.host(), POSTGRES.port(), lookup,
                    "Lookup-Passw0rd"), 0, RedshiftStandIn.DEFAULT_PASSWORD)) {
                sql.execute("ALTER ROLE " + lookup + " NOLOGIN");
                Properties properties = new Properties();
                properties.setProperty("user", RedshiftStandIn.ADMIN_USER);
                properties.setProperty("password", RedshiftStandIn.DEFAULT_PASSWORD);
                properties.setProperty("ssl", "false");
                SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                        "jdbc:redshift://127.0.0.1:" + starved.port() + "/dev", properties).close());
                assertTrue(refused.getMessage().contains("cannot be checked now")
                        && refused.getMessage().contains("not permitted to log in"), refused.getMessage());
            } finally {
                sql.execute("DROP ROLE " + lookup);
            }
        }
    }

    @Test
    void aWrongPasswordIsRejected() {
        SQLException failure = assertThrows(SQLException.class,
                () -> connect("127.0.0.1", RedshiftStandIn.ADMIN_USER, "not-the-password").close());
        assertTrue(failure.getMessage().contains("password authentication failed"), failure.getMessage());
    }

    @Test
    void anAccountCreatedWithTheSetupsVerifierIsStoredAsScramAndLogsInWithItsOwnPasswordOnly() throws Exception {
        String verifier = SqlDialect.POSTGRESQL.passwordLiteral("standin_test_user", "Gen3rated-Passw0rd");
        try (Connection admin = connect("127.0.0.1", RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP USER IF EXISTS standin_test_user");
            statement.execute("CREATE USER standin_test_user PASSWORD " + verifier);
        }
        // stored as given: PostgreSQL would hash a string that is no valid verifier as if it were the password
        assertEquals(verifier, "'" + POSTGRES.passwordVerifier("standin_test_user").orElseThrow() + "'");
        assertTrue(verifier.startsWith("'SCRAM-SHA-256$"), verifier);
        try (Connection user = connect("127.0.0.1", "standin_test_user", "Gen3rated-Passw0rd")) {
            assertTrue(user.isValid(5));
        }
        assertThrows(SQLException.class, () -> connect("127.0.0.1", "standin_test_user", "Gen3rated-Passw0rd!").close());
    }

    @Test
    void anAccountCreatedThroughTheDriverCanLogInWithItsOwnPasswordOnly() throws Exception {
        try (Connection admin = connect("127.0.0.1", RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD);
             Statement statement = admin.createStatement()) {
            statement.execute("DROP USER IF EXISTS standin_test_user");
            statement.execute("CREATE USER standin_test_user PASSWORD 'It''s-Secret\\1'");
        }
        try (Connection user = connect("127.0.0.1", "standin_test_user", "It's-Secret\\1");
             Statement statement = user.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_user")) {
            assertTrue(rows.next());
            assertEquals("standin_test_user", rows.getString(1));
        }
        assertThrows(SQLException.class, () -> connect("127.0.0.1", "standin_test_user", "It's-Secret").close());
        assertThrows(SQLException.class, () -> connect("127.0.0.1", "no_such_user", "whatever").close());
    }
}
