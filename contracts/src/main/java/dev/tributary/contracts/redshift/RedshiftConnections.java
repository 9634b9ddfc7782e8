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
    private static final String NON_VALIDATING_FACTORY = "com.amazon.redshift.ssl.NonValidatingFactory";

    private RedshiftConnections() {
    }

    public static String url(RedshiftConfig config, String database) {
        String scheme = config.authenticationType() == AuthenticationType.OKTA ? "jdbc:redshift:iam://" : "jdbc:redshift://";
        return scheme + config.host() + ':' + config.port() + '/' + SqlIdentifiers.catalogName(database);
    }

    /** As below, with a real deployment's Okta settings ({@link OktaDeployment#DEFAULTS}). */
    public static Properties properties(RedshiftConfig config, Credentials credentials, Duration loginTimeout,
                                        Duration socketTimeout, boolean ssl) {
        return properties(config, credentials, loginTimeout, socketTimeout, ssl, OktaDeployment.DEFAULTS);
    }

    /**
     * Driver properties for {@code credentials}. {@code ssl} is off only for the local stand-in; real clusters keep
     * the driver's default of TLS on, with the certificate checked. With Okta the credentials are the Okta user's,
     * and the driver's plugin signs in: Okta ({@code idp_host}, {@code app_id}), then STS AssumeRoleWithSAML for
     * {@code preferred_role}, then Redshift GetClusterCredentials for the assertion's DbUser, whose temporary password
     * it connects with; {@code okta} points those hops elsewhere when a deployment needs it (docs/operations.md).
     */
    public static Properties properties(RedshiftConfig config, Credentials credentials, Duration loginTimeout,
                                        Duration socketTimeout, boolean ssl, OktaDeployment okta) {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.username());
        properties.setProperty("password", credentials.password());
        properties.setProperty("loginTimeout", Long.toString(Math.max(1, loginTimeout.toSeconds())));
        // a statement that hangs (a lock wait, a lost peer) must not stall the consumer that runs it
        properties.setProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
        properties.setProperty("ApplicationName", "tributary");
        if (config.authenticationType() != AuthenticationType.OKTA) {
            properties.setProperty("ssl", Boolean.toString(ssl));
        } else {
            // the driver refuses an IAM sign-in without TLS: "off" means TLS without certificate checks here
            if (!ssl) {
                properties.setProperty("sslfactory", NON_VALIDATING_FACTORY);
            }
            properties.setProperty("plugin_name", OKTA_PLUGIN);
            properties.setProperty("idp_host", okta.idpHost(config.okta().idpHost()));
            properties.setProperty("app_id", config.okta().appId());
            properties.setProperty("preferred_role", okta.preferredRole(config.okta().role()));
            set(properties, "StsEndpointUrl", okta.stsEndpoint());
            set(properties, "EndpointUrl", okta.redshiftApiEndpoint());
            set(properties, "Region", okta.region());
            set(properties, "ClusterID", okta.clusterId());
            if (okta.sslInsecure()) {
                properties.setProperty("ssl_insecure", "true");
            }
        }
        return properties;
    }

    private static void set(Properties properties, String name, String value) {
        if (value != null && !value.isBlank()) {
            properties.setProperty(name, value);
        }
    }
}
