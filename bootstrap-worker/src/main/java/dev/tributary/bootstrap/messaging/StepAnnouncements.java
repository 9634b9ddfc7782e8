package dev.tributary.bootstrap.messaging;

import dev.tributary.bootstrap.persistence.SetupProgress;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.support.messaging.EventPublisher;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Records a finished step in the step ledger and sends its {@code StepCompleted}: the one way setups, edits,
 * migrations and governance changes announce steps, so their timeline rows and durations read alike.
 */
@ApplicationScoped
class StepAnnouncements {
    @Inject
    SetupProgress progress;
    @Inject
    EventPublisher publisher;
    @Inject
    MeterRegistry registry;

    /**
     * Records {@code step} under {@code ledgerKey} (an operation's id; a governance work item's message id, since one
     * operation may send several of those) and sends its event; the returned item ends when the broker has it. The
     * duration is counted only the first time a step is recorded, not when an announcement is repeated after a crash.
     */
    CompletableFuture<Void> announce(Envelope work, UUID ledgerKey, StepCompleted step) {
        if (progress.recordStep(ledgerKey, work.messageId(), step)) {
            registry.timer("tributary.step.duration", "step", step.step(), "outcome", step.outcome())
                    .record(Duration.between(step.startedAt(), step.finishedAt()));
        }
        return publisher.send(List.of(Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.STEP_COMPLETED, step.step(), step))));
    }
}
