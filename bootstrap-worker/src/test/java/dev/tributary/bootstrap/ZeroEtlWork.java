package dev.tributary.bootstrap;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.ProviderStatusChanged;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.sandbox.testing.TopicRecords;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sends zero-ETL work items to the bootstrap-worker, as the validation-worker does, and reads what it answered. */
final class ZeroEtlWork {
    private final String bootstrapServers;
    private final SecretSealer sealer;

    ZeroEtlWork(String bootstrapServers, SecretSealer sealer) {
        this.bootstrapServers = bootstrapServers;
        this.sealer = sealer;
    }

    /** A config for a new integration from {@code source} into a fresh serverless namespace. */
    static ZeroEtlConfig config(String source, String kmsKeyId) {
        return new ZeroEtlConfig("w-" + UUID.randomUUID().toString().substring(0, 8), source,
                "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/" + UUID.randomUUID(), kmsKeyId, null, null, null,
                null, "us-east-1", null);
    }

    /** {@code login} (null for none) is sealed for the command, as the gateway seals the materialize login. */
    Envelope send(String integrationId, Operation operation, ZeroEtlConfig config, Credentials login, Instant deadline) {
        IntegrationSpec spec = new IntegrationSpec(IntegrationType.ZERO_ETL, true, config);
        UUID operationId = UUID.randomUUID();
        String sealed = login == null ? null
                : sealer.seal(Json.write(login), SealingContext.commandCredentials(integrationId, operationId, spec));
        Envelope envelope = Envelope.of(MessageTypes.BOOTSTRAP_REQUESTED, integrationId, operationId,
                new IntegrationCommand(operation, spec, null, sealed, null, deadline));
        TopicRecords.send(bootstrapServers, Topics.BOOTSTRAP, envelope.integrationId(), EnvelopeCodec.encode(envelope), EnvelopeCodec.headers(envelope));
        return envelope;
    }

    Envelope send(Operation operation, ZeroEtlConfig config, Credentials login, Instant deadline) {
        return send("z" + UUID.randomUUID().toString().substring(0, 6), operation, config, login, deadline);
    }

    /** The events of {@code work}'s integration once its operation ended. */
    List<Envelope> eventsUntilTheEnd(Envelope work) {
        TopicRecords.await(bootstrapServers, Topics.EVENTS, record -> work.integrationId().equals(record.key())
                && TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE).startsWith("Operation"), Duration.ofSeconds(90));
        return TopicRecords.readAll(bootstrapServers, Topics.EVENTS).stream().filter(r -> work.integrationId().equals(r.key()))
                .map(r -> EnvelopeCodec.decodeChecked(r.value())).toList();
    }

    static Envelope last(List<Envelope> events) {
        return events.get(events.size() - 1);
    }

    static OperationFinished end(List<Envelope> events) {
        return last(events).payloadAs(OperationFinished.class);
    }

    static Optional<StepCompleted> step(List<Envelope> events, String name) {
        return events.stream().filter(e -> e.type().equals(MessageTypes.STEP_COMPLETED)).map(e -> e.payloadAs(StepCompleted.class))
                .filter(step -> step.step().equals(name)).findFirst();
    }

    static List<String> providerStatuses(List<Envelope> events) {
        return events.stream().filter(e -> e.type().equals(MessageTypes.PROVIDER_STATUS_CHANGED))
                .map(e -> e.payloadAs(ProviderStatusChanged.class).providerStatus()).toList();
    }

    /** Posts a stand-in's control action (form-encoded, unauthenticated). */
    static void control(String endpoint, String form) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
