package dev.tributary.contracts.messaging;

import dev.tributary.contracts.governance.GovernanceChange;

import java.util.List;

/**
 * How a governance change ended in one integration's target, from the worker that decided it.
 *
 * @param dataSourceId the data source whose view changed; null for users' entries
 * @param revision     the revision of the change (the data source's, or the highest of the users written)
 * @param step         the step's name ({@link dev.tributary.contracts.governance.GovernanceChange#step()})
 * @param outcome      {@link #APPLIED}, {@link #FAILED}, {@link #SCRIPT_PENDING} or {@link #SUPERSEDED}
 * @param message      for a failure, what to fix (the table, the missing grant); for a pending script, what to run
 * @param columns      the table's columns in order, as the target described them (empty when not read)
 */
public record GovernanceApplied(Long dataSourceId, long revision, String step, String outcome, String message,
                                List<String> columns) {
    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";
    /** A manual integration: the change waits for the script of {@code POST /integrations/{id}/scripts/policies}. */
    public static final String SCRIPT_PENDING = "script-pending";
    /** A newer revision of the same object was applied first; this one changed nothing. */
    public static final String SUPERSEDED = "superseded";

    public GovernanceApplied {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** How {@code change} ended; {@code columns} are kept for a view only. */
    public static GovernanceApplied of(GovernanceChange change, String outcome, String message, List<String> columns) {
        Long dataSourceId = change instanceof GovernanceChange.View view ? view.dataSourceId() : null;
        return new GovernanceApplied(dataSourceId, change.revision(), change.step(), outcome, message,
                dataSourceId == null ? List.of() : columns);
    }
}
