package dev.tributary.validation.messaging;

import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Publishes envelopes and waits until the broker has them, so the input is acknowledged only after its output. */
@ApplicationScoped
public class EventPublisher {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    public record Outgoing(String topic, Envelope envelope) {
    }

    @Inject
    @Channel("out")
    MutinyEmitter<String> emitter;

    public void publish(List<Outgoing> messages) {
        List<Uni<Void>> sends = messages.stream().map(message -> emitter.sendMessage(toKafka(message))).toList();
        Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
    }

    private static Message<String> toKafka(Outgoing message) {
        RecordHeaders headers = new RecordHeaders();
        EnvelopeCodec.headers(message.envelope())
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return Message.of(EnvelopeCodec.encode(message.envelope())).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(message.topic())
                .withKey(message.envelope().integrationId())
                .withHeaders(headers)
                .build());
    }
}
