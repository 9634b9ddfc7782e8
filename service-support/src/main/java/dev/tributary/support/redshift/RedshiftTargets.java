package dev.tributary.support.redshift;

import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.redshift.OktaDeployment;
import dev.tributary.contracts.redshift.RedshiftConnections;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/** Opens connections to customers' Redshift clusters through the Redshift JDBC driver, with this service's settings. */
@ApplicationScoped
@Startup
public class RedshiftTargets {
    private static final Logger LOG = Logger.getLogger(RedshiftTargets.class);
    /** The AWS SDK for Java v1's own switch, which the driver's STS and Redshift API clients honour. */
    private static final String SDK_V1_NO_CERT_CHECKS = "com.amazonaws.sdk.disableCertChecking";

    /** TLS to Redshift, with certificate checks; only the local stand-in (plain, or self-signed for Okta sign-ins) turns it off. */
    @ConfigProperty(name = "tributary.redshift.ssl", defaultValue = "true")
    boolean ssl;

    /** How long opening a connection to a target may take. */
    @ConfigProperty(name = "tributary.redshift.login-timeout", defaultValue = "10s")
    Duration loginTimeout;

    /** How long one statement on a target may wait for an answer. */
    @ConfigProperty(name = "tributary.redshift.socket-timeout", defaultValue = "5m")
    Duration socketTimeout;

    @Inject
    OktaSignInConfig oktaSettings;

    private OktaDeployment okta;

    @PostConstruct
    void configure() {
        okta = new OktaDeployment(oktaSettings.stsEndpoint().orElse(null), oktaSettings.redshiftApiEndpoint().orElse(null),
                oktaSettings.region().orElse(null), oktaSettings.clusterId().orElse(null), oktaSettings.idpPort().orElse(null),
                oktaSettings.roleAccount().orElse(null), oktaSettings.sslInsecure());
        if (oktaSettings.sslInsecure()) {
            // the driver's ssl_insecure covers the Okta host only; its AWS clients need the SDK's switch, JVM-wide
            System.setProperty(SDK_V1_NO_CERT_CHECKS, "true");
            LOG.warn("tributary.redshift.okta.ssl-insecure=true: certificates of the Okta host, STS and the Redshift API"
                    + " are not checked. Only the local stand-ins need this.");
        }
    }

    public Connection open(RedshiftConfig config, Credentials credentials, String database) throws SQLException {
        return DriverManager.getConnection(RedshiftConnections.url(config, database),
                RedshiftConnections.properties(config, credentials, loginTimeout, socketTimeout, ssl, okta));
    }
}
