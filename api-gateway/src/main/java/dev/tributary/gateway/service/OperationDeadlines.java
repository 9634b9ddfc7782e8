package dev.tributary.gateway.service;

import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.gateway.messaging.OutboxRelay;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.gateway.persistence.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;

/**
 * Ends every operation that outlived its deadline with an error status, so nothing stays "creating" forever; and gives
 * up waiting for data sources' view changes that had no outcome within {@code tributary.operation-timeout}.
 */
@ApplicationScoped
public class OperationDeadlines {
    @Inject
    IntegrationRepository integrations;
    @Inject
    OutboxRepository outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    OperationMetrics metrics;
    @Inject
    DataSources dataSources;

    @Scheduled(every = "${tributary.deadline-check-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expireOverdueOperations() {
        for (IntegrationRecord overdue : integrations.findOverdue(Instant.now())) {
            String message = "The " + overdue.operation().wireName() + " operation did not finish by its deadline ("
                    + overdue.operationDeadline() + "); check that the workers are running and retry.";
            OperationFinished failed = OperationFinished.failed(overdue.operation(), message);
            QuarkusTransaction.requiringNew().run(() -> {
                if (integrations.finishOperation(overdue.id(), overdue.operationId(), failed.status(), message, false)) {
                    outbox.append(Topics.EVENTS, Envelope.of(MessageTypes.OPERATION_FAILED, overdue.idText(),
                            overdue.operationId(), failed));
                    metrics.finished(overdue.spec().type(), overdue.operation(), false);
                }
            });
        }
        relay.wakeUp();
        dataSources.expireOverdue();
    }
}
