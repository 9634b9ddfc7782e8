package dev.tributary.status.messaging;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.access.ApiKeyChanged;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.status.persistence.ApiKeyRepository;
import dev.tributary.status.security.ApiKeyFilter;
import dev.tributary.support.messaging.Retries;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps the service's copy of the gateway's API keys. Every instance reads {@code access.api-keys} from the
 * beginning in its own consumer group, so each one drops a revoked key from its cache.
 */
@ApplicationScoped
public class ApiKeyConsumer {
    @Inject
    ApiKeyRepository keys;

    @Inject
    ApiKeyFilter filter;

    @Incoming("api-keys")
    @Blocking
    public void onKeyChanged(String value) {
        ApiKeyChanged change = decode(value);
        Retries.withBackoff("API key update", () -> keys.apply(change));
        if (change.revoked()) {
            filter.forget(change.keyHash());
        }
    }

    private static ApiKeyChanged decode(String value) {
        ApiKeyChanged change;
        try {
            change = value == null ? null : Json.MAPPER.readValue(value, ApiKeyChanged.class);
        } catch (Exception e) {
            throw new MalformedMessageException("not an " + ApiKeyChanged.TYPE + " record: " + e.getMessage());
        }
        if (change == null || change.keyHash() == null || change.permissions() == null || change.occurredAt() == null) {
            throw new MalformedMessageException("an " + ApiKeyChanged.TYPE + " record needs keyHash, permissions and occurredAt");
        }
        return change;
    }
}
