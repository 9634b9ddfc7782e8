package dev.tributary.gateway.messaging;

import dev.tributary.contracts.access.ApiKeyChanged;
import dev.tributary.gateway.security.ApiKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * With several gateway instances, a key revoked on one must stop working on all at once, not when the others'
 * cache entries expire: every instance follows {@code access.api-keys} in its own group and forgets revoked keys.
 * (Grants need nothing here: an unknown key is always looked up in the shared registry.)
 */
@ApplicationScoped
public class RevokedKeyConsumer {
    @Inject
    ApiKeys apiKeys;

    @Incoming("api-keys")
    public void onKeyChanged(String value) {
        ApiKeyChanged change = ApiKeyChanged.decode(value);
        if (change.revoked()) {
            apiKeys.permissions().forget(change.keyHash());
        }
    }
}
