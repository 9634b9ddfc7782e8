package dev.tributary.contracts.redshift;

import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.SqlIdentifiers;

import java.time.Duration;
import java.util.Properties;

/** How a worker reaches a customer's Redshift through the Redshift JDBC driver. */
public final class RedshiftConnections {
    private static final String OKTA_PLUGIN = "com.amazon.redshift.plugin.OktaCredentialsProvider";

    private RedshiftConnections() {
    }

    public static String url(RedshiftConfig config, String database) {
        String scheme = config.authenticationType() == AuthenticationType.OKTA ? "jdbc:redshift:iam://" : "jdbc:redshift://";
        return scheme + config.host() + ':' + config.port() + '/' + SqlIdentifiers.catalogName(database);
    }

    /**
     * Driver properties for {@code credentials}. {@code ssl} is off only for the local stand-in, which
     * declines TLS; real clusters keep the driver's default of TLS on.
     */
    public static Properties properties(RedshiftConfig config, Credentials credentials, Duration loginTimeout,
                                        Duration socketTimeout, boolean ssl) {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.username());
        properties.setProperty("password", credentials.password());
        properties.setProperty("loginTimeout", Long.toString(Math.max(1, loginTimeout.toSeconds())));
        // a statement that hangs (a lock wait, a lost peer) must not stall the consumer that runs it
        properties.setProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
        properties.setProperty("ssl", Boolean.toString(ssl));
        properties.setProperty("ApplicationName", "tributary");
        if (config.authenticationType() == AuthenticationType.OKTA) {
            properties.setProperty("plugin_name", OKTA_PLUGIN);
            properties.setProperty("idp_host", config.okta().idpHost());
            properties.setProperty("app_id", config.okta().appId());
            properties.setProperty("preferred_role", config.okta().role());
        }
        return properties;
    }
}
