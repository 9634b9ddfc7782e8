package dev.tributary.contracts.messaging;

import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;

import java.time.Instant;

/**
 * A change of governed data (a user, a data source, a policy) to apply to one integration's target. It runs beside
 * the integration's own operations and never changes the integration's status.
 *
 * @param sealedCredentials the integration's system account, sealed for this command's operation: views are owned by
 *                          it, and it writes the users' entries
 * @param deadline          no step starts after it; a change that missed it is caught up by the next check
 * @param repair            sent by a check that found the object drifted: it applies even at the revision already
 *                          applied. A change (not a repair) at that revision changes nothing, since a check that ran
 *                          ahead of it (checks have a topic of their own) has put its revision in place already.
 */
public record GovernanceCommand(IntegrationSpec spec, String sealedCredentials, Instant deadline, DatabaseMode databaseMode,
                                GovernanceChange change, boolean repair) {

    public GovernanceCommand(IntegrationSpec spec, String sealedCredentials, Instant deadline, DatabaseMode databaseMode,
                             GovernanceChange change) {
        this(spec, sealedCredentials, deadline, databaseMode, change, false);
    }

    /**
     * This command, when it has what a worker needs (a Redshift integration's spec, the sealed credentials, a change
     * and, for a view, its table); otherwise the message is malformed and goes to the dead-letter topic.
     */
    public GovernanceCommand requireWhole() {
        if (change == null || spec == null || spec.type() != IntegrationType.REDSHIFT || sealedCredentials == null
                || change instanceof GovernanceChange.View view && view.table() == null
                || change instanceof GovernanceChange.Profiles profiles && profiles.profiles() == null) {
            throw new MalformedMessageException("a governance change needs a Redshift integration's spec, the system"
                    + " account's sealed credentials and the change");
        }
        return this;
    }

    public GovernanceCommand withChange(GovernanceChange described) {
        return new GovernanceCommand(spec, sealedCredentials, deadline, databaseMode, described, repair);
    }
}
