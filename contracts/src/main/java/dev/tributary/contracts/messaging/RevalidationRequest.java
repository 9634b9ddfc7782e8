package dev.tributary.contracts.messaging;

import dev.tributary.contracts.governance.GovernanceState;
import dev.tributary.contracts.payload.IntegrationSpec;

/**
 * Checks that an enabled integration's setup still works, logging in as its system account (credentials sealed).
 *
 * @param supportObjectsVersion the version a person says the support objects now have (they ran the migration
 *                              script, {@code POST /integrations/{id}/validate}); recorded only if the check passes.
 *                              Null for the periodic checks.
 * @param governance            what the target should hold of governed data (users' entries, data sources' views), for
 *                              the check to compare and put back; null when the integration governs nothing
 * @param asked                 true for a check a person asked for ({@code POST /integrations/{id}/validate}): it
 *                              connects even while the host's checks are backed off, since the person may just have
 *                              fixed what made them fail; false for the scheduler's
 */
public record RevalidationRequest(IntegrationSpec spec, String sealedCredentials, Integer supportObjectsVersion,
                                  GovernanceState governance, boolean asked) {

    public RevalidationRequest(IntegrationSpec spec, String sealedCredentials) {
        this(spec, sealedCredentials, null, null, false);
    }

    public RevalidationRequest(IntegrationSpec spec, String sealedCredentials, Integer supportObjectsVersion) {
        this(spec, sealedCredentials, supportObjectsVersion, null, false);
    }
}
