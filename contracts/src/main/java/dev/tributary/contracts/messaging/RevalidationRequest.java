package dev.tributary.contracts.messaging;

import dev.tributary.contracts.payload.IntegrationSpec;

/** Checks that an enabled integration's setup still works, logging in as its system account (credentials sealed). */
public record RevalidationRequest(IntegrationSpec spec, String sealedCredentials) {
}
