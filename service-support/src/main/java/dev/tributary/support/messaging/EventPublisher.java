package dev.tributary.support.messaging;

import dev.tributary.support.observability.MessageTracing;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes records on channel {@code out} (any topic) and waits until the broker has them all, so that a
 * consumer acknowledges its input only after its output is safe.
 */
@ApplicationScoped
public class EventPublisher {
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    /** One record to publish; the key is the integration id, so one integration's messages stay in order. */
    public record Outgoing(String topic, String key, Map<String, String> headers, String value) {
        /** The envelope as a record, with the trace of the current span in its headers. */
        public static Outgoing of(String topic, Envelope envelope) {
            Map<String, String> headers = new HashMap<>(EnvelopeCodec.headers(envelope));
            headers.putAll(MessageTracing.currentTraceHeaders());
            return new Outgoing(topic, envelope.integrationId(), Map.copyOf(headers), EnvelopeCodec.encode(envelope));
        }
    }

    @Inject
    @Channel("out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<String> emitter;

    public void publish(List<Outgoing> records) {
        awaitAll(List.of(send(records)));
    }

    /**
     * Sends the records now, in order, without waiting; the returned stage completes when the broker has them all.
     * Records sent later with the same key stay behind them on their partition.
     *
     * <p>A caller's transaction is suspended while the sends start (it stays open, locks held): context propagation
     * would otherwise carry it into the producer's callbacks on another thread, and a transaction that another
     * thread is still inside cannot be committed.
     */
    public CompletableFuture<Void> send(List<Outgoing> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return QuarkusTransaction.suspendingExisting().call(() -> {
            List<Uni<Void>> sends = records.stream().map(record -> emitter.sendMessage(toKafka(record))).toList();
            return Uni.join().all(sends).andFailFast().replaceWithVoid().subscribeAsCompletionStage();
        });
    }

    /** Waits until the broker has acknowledged every send, or fails with the first that failed. */
    public static void awaitAll(List<CompletableFuture<Void>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not acknowledge within " + SEND_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static Message<String> toKafka(Outgoing record) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic())
                .withKey(record.key())
                .withHeaders(headers)
                .build());
    }
}
