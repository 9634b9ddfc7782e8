package dev.tributary.support.rds;

import jakarta.annotation.PreDestroy;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshiftserverless.RedshiftServerlessClient;
import software.amazon.awssdk.utils.AttributeMap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clients of the Redshift API and the Redshift Serverless API (AWS SDK for Java v2), one of each per region, for
 * zero-ETL targets. Credentials and retries as {@link RdsClients}'; endpoints from {@link RedshiftApiConfig}.
 */
@ApplicationScoped
public class RedshiftApiClients {
    @Inject
    RedshiftApiConfig config;

    private final Map<String, RedshiftClient> provisioned = new ConcurrentHashMap<>();
    private final Map<String, RedshiftServerlessClient> serverless = new ConcurrentHashMap<>();

    /**
     * Certificate checks may be turned off only for an endpoint set explicitly (the local stand-in): without one
     * the setting would apply to AWS's own endpoints, so the service refuses to start.
     */
    void refuseUncheckedAws(@Observes StartupEvent started) {
        if (config.sslInsecure() && config.endpoint().isEmpty()) {
            throw new IllegalStateException("tributary.redshift-api.ssl-insecure=true needs tributary.redshift-api.endpoint:"
                    + " certificate checks may only be turned off for a stand-in, never for AWS's endpoints");
        }
    }

    public RedshiftClient redshift(String region) {
        return provisioned.computeIfAbsent(region, name -> configure(RedshiftClient.builder(), name).build());
    }

    public RedshiftServerlessClient serverless(String region) {
        return serverless.computeIfAbsent(region, name -> configure(RedshiftServerlessClient.builder(), name).build());
    }

    private <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>>
    B configure(B builder, String region) {
        builder.region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(retry -> retry.maxAttempts(config.maxAttempts())).build());
        builder.httpClient(httpClient());
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    private SdkHttpClient httpClient() {
        if (!config.sslInsecure()) {
            return UrlConnectionHttpClient.create();
        }
        // the local stand-in's certificate is self-signed (sandbox StandInTls); never set for a real endpoint
        return UrlConnectionHttpClient.builder().buildWithDefaults(AttributeMap.builder()
                .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build());
    }

    @PreDestroy
    void close() {
        provisioned.values().forEach(RedshiftClient::close);
        serverless.values().forEach(RedshiftServerlessClient::close);
    }
}
