package dev.tributary.support.messaging;

import dev.tributary.contracts.payload.SecretRedaction;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * The failure strategy {@value #STRATEGY}: the connector's own dead-letter queue (the topic of
 * {@code dead-letter-queue.topic}, its {@code dead-letter-reason}, {@code -cause}, {@code -topic}, {@code -partition}
 * and {@code -offset} headers, its acknowledgement), writing a copy of the failed record in which every secret reads
 * {@code <REDACTED>} ({@link SecretRedaction}): sealed values and credential fields in the value, and headers such as
 * a front-door caller's {@code Authorization}. A dead-letter record is kept for operators after its operation ended
 * and is read by people, so it must not hold what the operation needed to run.
 */
@ApplicationScoped
@Identifier(RedactingDeadLetterQueue.STRATEGY)
public class RedactingDeadLetterQueue implements KafkaFailureHandler.Factory {
    public static final String STRATEGY = "redacting-dead-letter-queue";

    @Inject
    @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
    KafkaFailureHandler.Factory deadLetterQueue;

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx, KafkaConsumer<?, ?> consumer,
                                      BiConsumer<Throwable, Boolean> reportFailure) {
        // the redaction reads the value as text; any other value would reach the dead-letter topic unread
        if (!StringDeserializer.class.getName().equals(config.getValueDeserializer())) {
            throw new IllegalArgumentException("the failure strategy " + STRATEGY + " of channel " + config.getChannel()
                    + " needs value.deserializer=" + StringDeserializer.class.getName());
        }
        KafkaFailureHandler deadLetters = deadLetterQueue.create(config, vertx, consumer, reportFailure);
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                return deadLetters.handle(new Redacted<>(record), reason, metadata);
            }

            @Override
            public void terminate() {
                deadLetters.terminate();
            }
        };
    }

    /**
     * The failed record as the dead-letter queue reads it: value and headers redacted. Topic, partition, offset and
     * acknowledgement stay the original's, so the reason headers name where it came from and the offset is committed.
     */
    static final class Redacted<K, V> extends IncomingKafkaRecord<K, V> {
        private final V payload;
        private final Headers headers = new RecordHeaders();

        @SuppressWarnings("unchecked") // the channel reads values as String (checked when the strategy is created)
        Redacted(IncomingKafkaRecord<K, V> record) {
            super(record);
            this.payload = record.getPayload() instanceof String text ? (V) SecretRedaction.redact(text) : record.getPayload();
            for (Header header : record.getHeaders()) {
                String value = header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
                String kept = SecretRedaction.redactHeader(header.key(), value);
                headers.add(header.key(), kept == null || kept.equals(value) ? header.value() : kept.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public V getPayload() {
            return payload;
        }

        @Override
        public Headers getHeaders() {
            return headers;
        }
    }
}
