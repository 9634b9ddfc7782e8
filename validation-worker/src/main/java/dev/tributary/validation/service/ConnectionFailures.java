package dev.tributary.validation.service;

import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.RedshiftConfig;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/** Turns a failed connection into a sentence that says what to fix. */
final class ConnectionFailures {
    /** Long base64 runs (a SAML assertion the driver quotes in its message) never reach a validation message. */
    private static final String BASE64_RUN = "[A-Za-z0-9+/=]{64,}";

    private ConnectionFailures() {
    }

    /**
     * Whether the connection never reached the target's host:port (refused, timed out, unknown host, no route), as
     * opposed to a host that answered and turned the login down (a wrong password is no connection failure). An Okta
     * sign-in that failed at Okta, STS or the Redshift API did not get as far as the target, so it does not count.
     */
    static boolean unreachable(RedshiftConfig config, SQLException e) {
        List<Throwable> chain = chain(e);
        if (config.authenticationType() == AuthenticationType.OKTA && chain.stream().map(t -> String.valueOf(t.getMessage()))
                .anyMatch(message -> message.contains("SAML error") || message.contains("IAM error retrieving temp credentials"))) {
            return false;
        }
        Throwable cause = rootCause(e);
        // the driver's own login timeout ends the attempt with SQLState 08001 and no network exception behind it
        return cause instanceof UnknownHostException || cause instanceof ConnectException || cause instanceof SocketTimeoutException
                || cause instanceof NoRouteToHostException || "08001".equals(e.getSQLState()) && !(cause instanceof SSLException);
    }

    static String describe(RedshiftConfig config, String database, SQLException e) {
        String where = config.host() + ":" + config.port();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (config.authenticationType() == AuthenticationType.OKTA) {
            return describeOkta(config, where, database, e);
        }
        if (state.startsWith("28")) {
            return "Authentication failed for " + where + "/" + database + ": " + e.getMessage()
                    + ". Check config.username and config.password.";
        }
        if (state.equals("3D000")) {
            return "Database " + database + " does not exist on " + where + ".";
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

    /**
     * An Okta sign-in has four hops: Okta (user, password, app), STS AssumeRoleWithSAML (the role), Redshift
     * GetClusterCredentials (the DbUser's temporary password), then the database itself. The driver wraps the first
     * three in "SAML error: …" and "IAM error retrieving temp credentials: …"; the message names the hop that failed.
     */
    private static String describeOkta(RedshiftConfig config, String where, String database, SQLException e) {
        String idp = config.okta().idpHost();
        String app = config.okta().appId();
        String role = config.okta().role();
        List<Throwable> chain = chain(e);
        String messages = String.join(" | ", chain.stream().map(t -> String.valueOf(t.getMessage())).toList());
        String innermost = clean(chain.get(chain.size() - 1).getMessage());
        if (messages.contains("IAM error retrieving temp credentials")) {
            return "Signing in through Okta for " + where + " failed at the Redshift API (GetClusterCredentials, after Okta"
                    + " and STS succeeded): " + innermost + ". Check that role " + role + " may call"
                    + " redshift:GetClusterCredentials on the cluster, and the cluster id and region (the host name, or"
                    + " tributary.redshift.okta.cluster-id and tributary.redshift.okta.region for other host names).";
        }
        if (messages.contains("Preferred role not found")) {
            return "Signing in through Okta for " + where + " failed after Okta: the SAML assertion of Okta app " + app
                    + " does not carry role " + role + ". Check config.okta.role (a role ARN, or a role name with"
                    + " tributary.redshift.okta.role-account set) against the roles the Okta app grants this user.";
        }
        if (messages.contains("AWSSecurityTokenService") || messages.contains("Unable to execute HTTP request")) {
            return "Signing in through Okta for " + where + " failed at STS (AssumeRoleWithSAML for role " + role
                    + ", after Okta succeeded): " + innermost + ". Check the role's trust policy for the Okta SAML provider,"
                    + " and that Tributary reaches STS (tributary.redshift.okta.sts-endpoint).";
        }
        if (messages.contains("SAML error")) {
            if (messages.contains("Unauthorized")) {
                return "Signing in through Okta failed at Okta (" + idp + "): it refused the username and password (HTTP 401)."
                        + " Check config.okta.username and config.okta.password.";
            }
            if (messages.contains("HTTP error code : 404")) {
                return "Signing in through Okta failed at Okta (" + idp + "): it has no app " + app + " (HTTP 404)."
                        + " Check config.okta.appId (the app id of the Amazon Web Services app in Okta).";
            }
            Throwable network = chain.stream().filter(t -> t instanceof UnknownHostException || t instanceof ConnectException
                    || t instanceof SocketTimeoutException || t instanceof NoRouteToHostException || t instanceof SSLException)
                    .findFirst().orElse(null);
            if (network != null) {
                return "Signing in through Okta failed: could not reach Okta at " + idp + " (" + clean(network.toString())
                        + "). Check config.okta.idpHost, and that Tributary reaches it over HTTPS (port 443 unless the host"
                        + " names one, or tributary.redshift.okta.idp-port).";
            }
            return "Signing in through Okta failed at Okta (" + idp + ", app " + app + "): " + innermost
                    + ". Check config.okta.";
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28")) {
            return "Signing in through Okta for " + where + "/" + database + " got temporary credentials, but the database"
                    + " refused them: " + clean(e.getMessage()) + ". Check that the DbUser that Okta app " + app
                    + " sends exists in the cluster, or that the app sends AutoCreate=true.";
        }
        if (state.equals("3D000")) {
            return "Database " + database + " does not exist on " + where + ".";
        }
        return "Signing in through Okta (" + idp + ", app " + app + ") for " + where + " failed: " + innermost
                + ". Check config.okta and that the Okta host is reachable.";
    }

    private static String clean(String message) {
        return String.valueOf(message).replaceAll(BASE64_RUN, "…");
    }

    private static List<Throwable> chain(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = e; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    private static Throwable rootCause(Throwable e) {
        List<Throwable> chain = chain(e);
        return chain.get(chain.size() - 1);
    }
}
