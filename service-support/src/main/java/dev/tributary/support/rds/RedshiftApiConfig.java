package dev.tributary.support.rds;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.util.Optional;

/**
 * Where the Redshift management APIs of zero-ETL targets are ({@code tributary.redshift-api.*}): the Redshift API
 * (resource policies, clusters and their parameters) and the Redshift Serverless API (namespaces, workgroups).
 * Unset, the SDK's endpoints of the target's region, with TLS checked: a real deployment sets none of these.
 */
@ConfigMapping(prefix = "tributary.redshift-api")
public interface RedshiftApiConfig {

    /** Zero-ETL targets: one endpoint for both the Redshift and the Redshift Serverless API (the local stand-in serves both). */
    Optional<URI> endpoint();

    /** Zero-ETL targets: no certificate checks on that endpoint. Only for the local stand-in. */
    @WithDefault("false")
    boolean sslInsecure();

    /** Zero-ETL targets: attempts per Redshift API call, retried by the SDK with back-off when throttled or unavailable. */
    @WithDefault("8")
    int maxAttempts();
}
