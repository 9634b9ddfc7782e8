package dev.tributary.status.messaging;

import dev.tributary.status.observability.ViewMetrics;
import dev.tributary.support.messaging.Retries;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Dead-letters one record of a batch on {@code integration.events.dlq}, with the same headers the connector's
 * dead-letter strategy writes, and waits for the broker's acknowledgement, retrying while the broker is away. The
 * batch's offsets are committed only after it, so a record is never both skipped and missing from the topic.
 */
@ApplicationScoped
public class EventDeadLetters {
    private static final Logger LOG = Logger.getLogger(EventDeadLetters.class);

    @Inject
    @Channel("events-dead-letters")
    MutinyEmitter<String> deadLetters;
    @Inject
    ViewMetrics metrics;

    public void send(ConsumerRecord<String, String> record, RuntimeException reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        header(headers, "dead-letter-reason", reason.getMessage());
        header(headers, "dead-letter-exception-class-name", reason.getClass().getName());
        header(headers, "dead-letter-topic", record.topic());
        header(headers, "dead-letter-partition", Integer.toString(record.partition()));
        header(headers, "dead-letter-offset", Long.toString(record.offset()));
        Retries.withBackoff("dead-lettering " + record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> deadLetters.sendMessageAndAwait(Message.of(record.value()).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers).build())));
        metrics.deadLettered();
        LOG.warnf("dead-lettered %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason.getMessage());
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
}
