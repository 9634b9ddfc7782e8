package dev.tributary.validation;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.sandbox.testing.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Zero-ETL commands to the validation-worker and its answers, through the broker; the RDS stand-in beside it. */
final class ZeroEtlMessages {
    static final String SOURCE_CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:source-db";
    static final String SOURCE_INSTANCE = "arn:aws:rds:us-east-1:123456789012:db:source-db";
    static final String SOURCE_POSTGRES = "arn:aws:rds:us-east-1:123456789012:cluster:source-pg";
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 100);

    private final String bootstrapServers;
    private final String rdsEndpoint;

    ZeroEtlMessages(String bootstrapServers, String rdsEndpoint) {
        this.bootstrapServers = bootstrapServers;
        this.rdsEndpoint = rdsEndpoint;
    }

    static String newIntegrationId() {
        return "z" + IDS.incrementAndGet();
    }

    static ZeroEtlConfig config(String source, String target) {
        return new ZeroEtlConfig("v-" + UUID.randomUUID().toString().substring(0, 8), source, target, null, null, null, null,
                null, "us-east-1", null);
    }

    /** An {@link IntegrationCommand} of {@code operation} as the gateway writes it. */
    static IntegrationCommand command(Operation operation, ZeroEtlConfig config, String providerArn) {
        return new IntegrationCommand(operation, new IntegrationSpec(IntegrationType.ZERO_ETL, true, config), null, null,
                providerArn, Instant.now().plusSeconds(600));
    }

    Envelope send(String type, Operation operation, ZeroEtlConfig config, String providerArn) {
        return send(type, command(operation, config, providerArn));
    }

    Envelope send(String type, IntegrationCommand command) {
        return send(Envelope.of(type, newIntegrationId(), UUID.randomUUID(), command));
    }

    Envelope send(Envelope envelope) {
        // on the topic the catalogue names: watches travel on integration.checks, commands on integration.commands
        TopicRecords.send(bootstrapServers, MessageTypes.ALL.get(envelope.type()).topic(), envelope.integrationId(),
                EnvelopeCodec.encode(envelope), EnvelopeCodec.headers(envelope));
        return envelope;
    }

    /** The first message of {@code type} on {@code topic} about {@code integrationId} in {@code operationId}. */
    Envelope await(String topic, String integrationId, UUID operationId, String type) {
        ConsumerRecord<String, String> record = TopicRecords.await(bootstrapServers, topic, r -> integrationId.equals(r.key())
                && type.equals(TopicRecords.header(r, EnvelopeCodec.HEADER_MESSAGE_TYPE))
                && EnvelopeCodec.decodeChecked(r.value()).operationId().equals(operationId), Duration.ofSeconds(90));
        return EnvelopeCodec.decodeChecked(record.value());
    }

    /** The types of every message on {@code topic} that answers {@code command}, in order. */
    List<String> typesAnswering(String topic, Envelope command) {
        return TopicRecords.readAll(bootstrapServers, topic).stream()
                .filter(r -> command.integrationId().equals(r.key())
                        && EnvelopeCodec.decodeChecked(r.value()).operationId().equals(command.operationId()))
                .map(r -> TopicRecords.header(r, EnvelopeCodec.HEADER_MESSAGE_TYPE)).toList();
    }

    /** The first message of {@code type} on {@code topic} that answers {@code command}. */
    Envelope await(String topic, Envelope command, String type) {
        return await(topic, command.integrationId(), command.operationId(), type);
    }

    /** The RDS API of the stand-in, through the real SDK client, as a person who created integrations elsewhere. */
    RdsClient rds() {
        return RdsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(rdsEndpoint))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("stand-in", "stand-in")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** An integration created in RDS, from {@code source} into a target of its own; its ARN. */
    String createdInRds(String source) {
        return createdInRds(source, "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/" + UUID.randomUUID());
    }

    /** An integration created in RDS (not by this system), from {@code source} into {@code target}; its ARN. */
    String createdInRds(String source, String target) {
        try (RdsClient rds = rds()) {
            return rds.createIntegration(request -> request.integrationName("made-" + UUID.randomUUID().toString().substring(0, 8))
                    .sourceArn(source).targetArn(target)).integrationArn();
        }
    }

    /** A test control of the RDS stand-in ({@code Action=StandIn…}). */
    void control(String form) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rdsEndpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
