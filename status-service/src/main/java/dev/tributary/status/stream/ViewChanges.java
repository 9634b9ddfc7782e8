package dev.tributary.status.stream;

import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.status.persistence.StatusViewRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Changes to the view as they are committed, for {@code GET /stream}. A change carries the event that caused it
 * and the integration's view after it (null once the integration is gone from the view). The view is read only
 * while someone listens, so the projection pays nothing for the stream otherwise.
 */
@ApplicationScoped
public class ViewChanges {
    /** How many changes a slow listener may fall behind before its stream ends; it then reconnects and re-reads. */
    private static final int LISTENER_BUFFER = 1024;

    @Inject
    StatusViewRepository view;

    private static final Logger LOG = Logger.getLogger(ViewChanges.class);

    private final BroadcastProcessor<ViewChange> changes = BroadcastProcessor.create();
    private final BroadcastProcessor<String> revocations = BroadcastProcessor.create();
    private final AtomicInteger listeners = new AtomicInteger();

    /**
     * Called by the projector after the event's transaction committed. The stream is best-effort: a failure here
     * is logged, never turned into a failure of the event, which is applied already.
     */
    public void published(Envelope event) {
        if (listeners.get() == 0) {
            return;
        }
        try {
            broadcast(event);
        } catch (RuntimeException e) {
            LOG.warnf("could not send the change of integration %s to the live stream: %s", event.integrationId(), e.getMessage());
        }
    }

    /** Ends the streams opened with a key that has just been revoked. */
    public void revoked(String keyHash) {
        synchronized (revocations) {
            revocations.onNext(keyHash);
        }
    }

    /** The revocations from now on, by key hash. */
    public Multi<String> revocations() {
        return revocations;
    }

    private void broadcast(Envelope event) {
        ViewChange change = new ViewChange(
                new ViewChange.Cause(event.type(), event.messageId(), event.integrationId(), event.occurredAt()),
                view.findWithoutTimeline(event.integrationId()).orElse(null));
        synchronized (changes) { // a broadcast processor takes one signal at a time
            changes.onNext(change);
        }
    }

    /** How many streams listen now. */
    public int listeners() {
        return listeners.get();
    }

    /** The changes from now on, for one integration or (with a null id) for all. */
    public Multi<ViewChange> listen(String integrationId) {
        return changes
                .onSubscription().invoke(listeners::incrementAndGet)
                .onTermination().invoke(listeners::decrementAndGet)
                .filter(change -> integrationId == null
                        || integrationId.equals(change.event().integrationId()))
                .onOverflow().buffer(LISTENER_BUFFER);
    }
}
