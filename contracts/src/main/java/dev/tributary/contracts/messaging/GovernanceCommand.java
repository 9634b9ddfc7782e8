package dev.tributary.contracts.messaging;

import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationSpec;

import java.time.Instant;

/**
 * A change of governed data (a user, a data source, a policy) to apply to one integration's target. It runs beside
 * the integration's own operations and never changes the integration's status.
 *
 * @param sealedCredentials the integration's system account, sealed for this command's operation: views are owned by
 *                          it, and it writes the users' entries
 * @param deadline          no step starts after it; a change that missed it is caught up by the next check
 */
public record GovernanceCommand(IntegrationSpec spec, String sealedCredentials, Instant deadline, DatabaseMode databaseMode,
                                GovernanceChange change) {

    public GovernanceCommand withChange(GovernanceChange described) {
        return new GovernanceCommand(spec, sealedCredentials, deadline, databaseMode, described);
    }
}
