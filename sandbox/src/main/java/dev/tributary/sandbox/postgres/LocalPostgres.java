package dev.tributary.sandbox.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The PostgreSQL server that backs the services' own databases and the Redshift stand-in, with an admin login:
 * the local one, or in the tests a container's (testing/TestInfrastructure).
 * Defaults fit the build machines (127.0.0.1:5432, user postgres, trust); TRIBUTARY_PG_* override them, and the
 * tributary.pg.* system properties, which the test infrastructure sets for a container, override both.
 */
public record LocalPostgres(String host, int port, String adminUser, String adminPassword) {
    public static final String HOST_PROPERTY = "tributary.pg.host";
    public static final String PORT_PROPERTY = "tributary.pg.port";
    public static final String USER_PROPERTY = "tributary.pg.user";
    public static final String PASSWORD_PROPERTY = "tributary.pg.password";

    public static LocalPostgres fromEnvironment() {
        return new LocalPostgres(
                setting(HOST_PROPERTY, "TRIBUTARY_PG_HOST", "127.0.0.1"),
                Integer.parseInt(setting(PORT_PROPERTY, "TRIBUTARY_PG_PORT", "5432")),
                setting(USER_PROPERTY, "TRIBUTARY_PG_USER", "postgres"),
                setting(PASSWORD_PROPERTY, "TRIBUTARY_PG_PASSWORD", ""));
    }

    private static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ':' + port + '/' + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), adminUser, adminPassword);
    }

    /** Creates the database unless it exists. Names are the project's own, checked by the caller. */
    public void createDatabase(String name) throws SQLException {
        requireSimpleName(name);
        try (Connection connection = connect("postgres");
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE \"" + name + '"');
            } catch (SQLException e) {
                // another process created it at the same moment
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    public void dropDatabase(String name) throws SQLException {
        requireSimpleName(name);
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        }
    }

    public void dropRole(String name) throws SQLException {
        requireSimpleName(name);
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS \"" + name + '"');
        }
    }

    /** The stored password verifier of a role that may log in, if there is one. */
    public Optional<String> passwordVerifier(String role) throws SQLException {
        try (Connection connection = connect("postgres")) {
            return passwordVerifier(connection, role);
        }
    }

    /** As above, on an admin connection the caller holds. */
    public static Optional<String> passwordVerifier(Connection admin, String role) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement(
                "SELECT rolpassword FROM pg_authid WHERE rolname = ? AND rolcanlogin"
                        + " AND (rolvaliduntil IS NULL OR rolvaliduntil > now())")) {
            query.setString(1, role);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static void requireSimpleName(String name) {
        if (!name.matches("[a-z_][a-z0-9_$]{0,62}")) {
            throw new IllegalArgumentException("not a simple lower-case name: " + name);
        }
    }
}
