package dev.tributary.contracts.messaging;

import dev.tributary.contracts.payload.IntegrationSpec;

/**
 * Checks that an enabled integration's setup still works, logging in as its system account (credentials sealed).
 *
 * @param supportObjectsVersion the version a person says the support objects now have (they ran the migration
 *                              script, {@code POST /integrations/{id}/validate}); recorded only if the check passes.
 *                              Null for the periodic checks.
 */
public record RevalidationRequest(IntegrationSpec spec, String sealedCredentials, Integer supportObjectsVersion) {

    public RevalidationRequest(IntegrationSpec spec, String sealedCredentials) {
        this(spec, sealedCredentials, null);
    }
}
