package dev.tributary.validation.service;

import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.RedshiftConfig;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/** Turns a failed connection into a sentence that says what to fix. */
final class ConnectionFailures {

    private ConnectionFailures() {
    }

    static String describe(RedshiftConfig config, String database, SQLException e) {
        String where = config.host() + ":" + config.port();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28")) {
            return "Authentication failed for " + where + "/" + database + ": " + e.getMessage()
                    + ". Check config.username and config.password.";
        }
        if (state.equals("3D000")) {
            return "Database " + database + " does not exist on " + where + ".";
        }
        if (config.authenticationType() == AuthenticationType.OKTA) {
            return "Signing in through Okta (" + config.okta().idpHost() + ", app " + config.okta().appId() + ") for "
                    + where + " failed: " + e.getMessage() + ". Check config.okta and that the Okta host is reachable.";
        }
        Throwable cause = rootCause(e);
        if (cause instanceof UnknownHostException) {
            return "Could not resolve host " + config.host() + " (port " + config.port() + "). Check config.host.";
        }
        if (cause instanceof ConnectException || cause instanceof SocketTimeoutException) {
            return "Could not connect to " + where + ": " + cause.getMessage()
                    + ". Check config.host and config.port, and that the cluster accepts connections from Tributary.";
        }
        return "Could not connect to " + where + "/" + database + ": " + e.getMessage();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
