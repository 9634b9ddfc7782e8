package dev.tributary.sandbox.redshift;

import dev.tributary.sandbox.postgres.LocalPostgres;
import org.postgresql.util.PasswordUtil;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The temporary passwords that the Redshift-API stand-in's GetClusterCredentials hands out, kept where the Redshift
 * stand-in can check them: a table in the server's {@code postgres} database, shared by the processes. Redshift lets
 * a database user hold several such passwords at once, each until its expiration, beside (not instead of) its own
 * password; one PostgreSQL role has one password, so they live here and not in {@code pg_authid}. Only salted
 * verifiers are stored.
 */
public final class IamLogins {
    /** The user name prefix with which a client signs in on a temporary password ({@code IAM:alice}). */
    public static final String PREFIX = "IAM:";
    private static final String TABLE = "tributary_standin.iam_logins";

    private final LocalPostgres postgres;

    public IamLogins(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    /** Records that {@code dbUser} may sign in with {@code password} until {@code expiration}, and drops expired ones. */
    public void grant(String dbUser, String password, Instant expiration) throws SQLException {
        try (Connection connection = postgres.connect("postgres")) {
            ensureTable(connection);
            try (PreparedStatement purge = connection.prepareStatement("DELETE FROM " + TABLE + " WHERE expires_at <= now()");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO " + TABLE + " (user_name, verifier, expires_at) VALUES (?, ?, ?)")) {
                purge.executeUpdate();
                insert.setString(1, dbUser);
                insert.setString(2, PasswordUtil.encodeScramSha256(password.toCharArray()));
                insert.setTimestamp(3, Timestamp.from(expiration));
                insert.executeUpdate();
            }
        }
    }

    /** The verifiers of the temporary passwords of {@code dbUser} that have not expired, read on an admin connection. */
    static List<String> verifiers(Connection admin, String dbUser) throws SQLException {
        List<String> verifiers = new ArrayList<>();
        try (PreparedStatement query = admin.prepareStatement("SELECT verifier FROM " + TABLE
                + " WHERE user_name = ? AND expires_at > now()")) {
            query.setString(1, dbUser);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    verifiers.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // no table yet: nobody was given a temporary password
                return verifiers;
            }
            throw e;
        }
        return verifiers;
    }

    private static void ensureTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS tributary_standin");
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (user_name TEXT NOT NULL, verifier TEXT NOT NULL,"
                    + " expires_at TIMESTAMPTZ NOT NULL)");
        } catch (SQLException e) {
            // two processes creating it at once: the other one won
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
    }
}
