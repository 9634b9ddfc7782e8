package dev.tributary.contracts.payload;

import dev.tributary.contracts.sql.SqlIdentifiers;

import java.util.Locale;

/** The non-secret configuration of a governance integration with a Redshift cluster. */
public record RedshiftConfig(
        String host,
        int port,
        String database,
        String initialDatabase,
        Impersonation impersonation,
        AuthenticationType authenticationType,
        OktaSettings okta) implements IntegrationConfig {

    public static final int DEFAULT_PORT = 5439;
    public static final String REDACTED = "<REDACTED>";

    @Override
    public String targetKey() {
        return host.toLowerCase(Locale.ROOT);
    }

    @Override
    public String targetDescription() {
        return "host " + host;
    }

    /** The account that Tributary creates for itself in the managed database. */
    public String systemAccount() {
        return SqlIdentifiers.catalogName(database) + "_system";
    }

    /** The same target, signed in to with a username and password instead of {@link #authenticationType}. */
    public RedshiftConfig withPasswordSignIn() {
        return new RedshiftConfig(host, port, database, initialDatabase, impersonation, AuthenticationType.USER_PASSWORD, null);
    }

    public boolean impersonationEnabled() {
        return impersonation != null && impersonation.enabled();
    }

    public String impersonationRole() {
        return impersonation != null && impersonation.role() != null ? impersonation.role() : Impersonation.DEFAULT_ROLE;
    }

    @Override
    public RedactedRedshiftConfig redacted() {
        return RedactedRedshiftConfig.of(this);
    }
}
