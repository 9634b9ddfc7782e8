package dev.tributary.status.messaging;

import dev.tributary.status.persistence.ViewDocumentCache;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Follows which partitions of the events topic this instance folds: a first assignment may rebuild the view, and
 * the document cache keeps only integrations of partitions held here.
 */
@ApplicationScoped
@Identifier("event-partitions")
public class EventPartitions implements KafkaConsumerRebalanceListener {
    @Inject
    ViewRebuild rebuild;
    @Inject
    ViewDocumentCache documents;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        rebuild.onAssigned(consumer, partitions);
        documents.assigned(partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        documents.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        documents.revoked(partitions);
    }
}
