package dev.tributary.bootstrap;

import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.ProviderStatusChanged;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zero-ETL work against the RDS stand-in: throttling and 5xx answers are retried, faults end the operation. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "bootstrap_worker_zero_etl"), @ResourceArg(name = "rds", value = "true")})
class ZeroEtlWorkTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "tributary.test.rds.endpoint")
    String rdsEndpoint;

    private Envelope send(String source, String kmsKeyId) {
        ZeroEtlConfig config = new ZeroEtlConfig("w-" + UUID.randomUUID().toString().substring(0, 8), source,
                "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/" + UUID.randomUUID(), kmsKeyId, null, null, null,
                null, "us-east-1", null);
        IntegrationCommand work = new IntegrationCommand(Operation.CREATE, new IntegrationSpec(IntegrationType.ZERO_ETL, true, config), null,
                Instant.now().plusSeconds(600));
        Envelope envelope = Envelope.of(MessageTypes.BOOTSTRAP_REQUESTED, "z" + UUID.randomUUID().toString().substring(0, 6),
                UUID.randomUUID(), work);
        TopicRecords.send(bootstrapServers, Topics.BOOTSTRAP, envelope.integrationId(), EnvelopeCodec.encode(envelope), EnvelopeCodec.headers(envelope));
        return envelope;
    }

    private List<Envelope> eventsUntilTheEnd(Envelope work) {
        TopicRecords.await(bootstrapServers, Topics.EVENTS, record -> work.integrationId().equals(record.key())
                && TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE).startsWith("Operation"), Duration.ofSeconds(60));
        return TopicRecords.readAll(bootstrapServers, Topics.EVENTS).stream().filter(r -> work.integrationId().equals(r.key()))
                .map(r -> EnvelopeCodec.decodeChecked(r.value())).toList();
    }

    @Test
    void throttlingAndServerErrorsAreRetriedNotFailed() throws Exception {
        // more than the SDK's 8 attempts: the worker's own retries must carry it through
        control("Action=StandInFailNextRequests&Count=10&Code=Throttling&HttpStatus=400");
        List<Envelope> events = eventsUntilTheEnd(send("arn:aws:rds:us-east-1:123456789012:cluster:source-db", null));
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, events.get(events.size() - 1).type());
        List<String> statuses = events.stream().filter(e -> e.type().equals(MessageTypes.PROVIDER_STATUS_CHANGED))
                .map(e -> e.payloadAs(ProviderStatusChanged.class).providerStatus()).toList();
        assertEquals(List.of("creating", "active"), statuses);

        control("Action=StandInFailNextRequests&Count=3&Code=InternalFailure&HttpStatus=503");
        List<Envelope> afterOutage = eventsUntilTheEnd(send("arn:aws:rds:us-east-1:123456789012:db:source-db", null));
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, afterOutage.get(afterOutage.size() - 1).type());
    }

    @Test
    void anRdsFaultEndsTheCreateWithItsCodeAndMessage() {
        List<Envelope> events = eventsUntilTheEnd(send("arn:aws:rds:us-east-1:123456789012:cluster:source-pg",
                "arn:aws:kms:us-east-1:123456789012:key/inaccessible"));
        Envelope end = events.get(events.size() - 1);
        assertEquals(MessageTypes.OPERATION_FAILED, end.type());
        OperationFinished failed = end.payloadAs(OperationFinished.class);
        assertEquals("createError", failed.status().wireName());
        assertTrue(failed.message().startsWith("KMSKeyNotAccessibleFault: "), failed.message());
    }

    private void control(String form) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rdsEndpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
