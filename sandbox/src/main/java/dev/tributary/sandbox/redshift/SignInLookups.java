package dev.tributary.sandbox.redshift;

import dev.tributary.sandbox.postgres.LocalPostgres;

import java.io.Closeable;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one admin connection through which the Redshift stand-in looks up password verifiers at sign-in, shared by
 * every sign-in. A connection per sign-in would double the stand-in's share of the server's max_connections
 * exactly when a burst of sign-ins arrives, and the server also holds the services' own databases. Opened on first
 * use, and opened again when the server dropped it. A lookup takes a millisecond, so taking turns costs little.
 *
 * <p>Written by hand rather than with a pool library: the sandbox has none, and one connection is all it needs.
 */
final class SignInLookups implements Closeable {
    /** A query on the admin connection. */
    interface Lookup<T> {
        T on(Connection admin) throws SQLException;
    }

    private final LocalPostgres postgres;
    private Connection connection;

    SignInLookups(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    synchronized <T> T run(Lookup<T> lookup) throws SQLException {
        boolean fresh = connection == null;
        if (fresh) {
            connection = postgres.connect("postgres");
        }
        try {
            return lookup.on(connection);
        } catch (SQLException e) {
            if (fresh || connection.isValid(1)) {
                throw e; // the lookup itself failed, not a connection the server had dropped meanwhile
            }
            closeQuietly();
            connection = postgres.connect("postgres");
            return lookup.on(connection);
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it was broken already
            }
            connection = null;
        }
    }
}
