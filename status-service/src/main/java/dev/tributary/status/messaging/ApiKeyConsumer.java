package dev.tributary.status.messaging;

import dev.tributary.contracts.access.ApiKeyChanged;
import dev.tributary.status.persistence.ApiKeyRepository;
import dev.tributary.status.security.ApiKeyFilter;
import dev.tributary.status.stream.ViewChanges;
import dev.tributary.support.messaging.Retries;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the service's copy of the gateway's API keys. Every instance reads {@code access.api-keys} from the
 * beginning in its own consumer group, so each one drops a revoked key from its cache and ends its streams.
 */
@ApplicationScoped
public class ApiKeyConsumer {
    @Inject
    ApiKeyRepository keys;

    @Inject
    ApiKeyFilter filter;

    @Inject
    ViewChanges changes;

    @Incoming("api-keys")
    @Blocking
    public void onKeyChanged(String value) {
        ApiKeyChanged change = ApiKeyChanged.decode(value);
        Retries.withBackoff("API key update", () -> keys.apply(change));
        if (change.revoked()) {
            filter.forget(change.keyHash());
            changes.revoked(change.keyHash());
        }
    }
}
