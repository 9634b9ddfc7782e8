package dev.tributary.contracts.governance;

import dev.tributary.contracts.payload.DatabaseMode;

import java.util.List;

/**
 * Everything one integration's target should hold of governed data, for the periodic check to compare with what it
 * holds: every user's entry, and every data source's view (with {@code drop} for one being deleted).
 *
 * @param unsettled the data sources whose status is not yet final (creating, deleting, error): a check that finds
 *                  them in step reports so, which is how a manual integration's script is registered
 * @param databaseMode the integration's recorded mode, for the repairs a check sends (null: recorded before modes)
 */
public record GovernanceState(List<UserProfile> profiles, List<GovernanceChange.View> views, List<Long> unsettled,
                              DatabaseMode databaseMode) {

    public GovernanceState(List<UserProfile> profiles, List<GovernanceChange.View> views, List<Long> unsettled) {
        this(profiles, views, unsettled, null);
    }

    public GovernanceState {
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
        views = views == null ? List.of() : List.copyOf(views);
        unsettled = unsettled == null ? List.of() : List.copyOf(unsettled);
    }
}
