package dev.tributary.support.redshift;

import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.redshift.RedshiftConnections;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/** Opens connections to customers' Redshift clusters through the Redshift JDBC driver, with this service's settings. */
@ApplicationScoped
public class RedshiftTargets {
    /** TLS to Redshift; only the local stand-in, which declines TLS, turns it off. */
    @ConfigProperty(name = "tributary.redshift.ssl", defaultValue = "true")
    boolean ssl;

    /** How long opening a connection to a target may take. */
    @ConfigProperty(name = "tributary.redshift.login-timeout", defaultValue = "10s")
    Duration loginTimeout;

    /** How long one statement on a target may wait for an answer. */
    @ConfigProperty(name = "tributary.redshift.socket-timeout", defaultValue = "5m")
    Duration socketTimeout;

    public Connection open(RedshiftConfig config, Credentials credentials, String database) throws SQLException {
        return DriverManager.getConnection(RedshiftConnections.url(config, database),
                RedshiftConnections.properties(config, credentials, loginTimeout, socketTimeout, ssl));
    }
}
