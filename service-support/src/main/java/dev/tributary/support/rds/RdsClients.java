package dev.tributary.support.rds;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RDS API clients (AWS SDK for Java v2), one per region. Credentials come from the SDK's default provider chain;
 * {@code tributary.rds.endpoint} points them at the local RDS stand-in. Throttling and 5xx answers are retried by
 * the SDK with backoff, up to {@code tributary.rds.max-attempts} attempts.
 */
@ApplicationScoped
public class RdsClients {
    /** The RDS API's endpoint; unset, the SDK's own for the region (set for the RDS stand-in). */
    @ConfigProperty(name = "tributary.rds.endpoint")
    Optional<URI> endpoint;

    /** Attempts per RDS call, retried by the SDK with back-off when throttled or unavailable. */
    @ConfigProperty(name = "tributary.rds.max-attempts", defaultValue = "8")
    int maxAttempts;

    private final Map<String, RdsClient> byRegion = new ConcurrentHashMap<>();

    public RdsClient forRegion(String region) {
        return byRegion.computeIfAbsent(region, this::build);
    }

    private RdsClient build(String region) {
        RdsClientBuilder builder = RdsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(override -> override.retryStrategy(retry -> retry.maxAttempts(maxAttempts)));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @PreDestroy
    void close() {
        byRegion.values().forEach(RdsClient::close);
    }
}
