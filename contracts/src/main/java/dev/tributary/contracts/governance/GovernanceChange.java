package dev.tributary.contracts.governance;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * What one governance command changes in one integration's target: users' entries, or one data source's view. Each
 * kind is one recorded step ({@link #step()}) run in one transaction of the target, so no user ever sees half of it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = GovernanceChange.Profiles.class, name = "profiles"),
        @JsonSubTypes.Type(value = GovernanceChange.View.class, name = "view")})
public sealed interface GovernanceChange {
    String WRITE_PROFILE = "write-profile";
    String CREATE_VIEW = "create-view";
    String REPLACE_VIEW = "replace-view";
    String DROP_VIEW = "drop-view";

    /** The name of the step that applies the change, as the timeline shows it. */
    @JsonIgnore
    String step();

    /**
     * The key the bootstrap-worker orders changes by: two changes of one key in one integration never run at once,
     * and the one with the lower revision never runs after the higher.
     */
    @JsonIgnore
    String lane();

    /**
     * The change's revision: the view's, or the highest of the users written (0 for none). Not ignored here, since a
     * view's revision is one of its fields (Jackson would carry an interface's JsonIgnore over to it).
     */
    long revision();

    /** Users' entries, written or (for removed users) deleted. */
    record Profiles(List<UserProfile> profiles) implements GovernanceChange {
        @Override
        public String step() {
            return WRITE_PROFILE;
        }

        @Override
        public String lane() {
            return "profiles";
        }

        @Override
        @JsonIgnore
        public long revision() {
            return profiles == null ? 0 : profiles.stream().mapToLong(UserProfile::revision).max().orElse(0);
        }
    }

    /**
     * One data source's view under the rules of every policy on it, in policy order; or, with {@code drop}, its
     * removal. {@code table.columns()} is empty until a worker has read them from the target.
     *
     * @param replace  whether the view exists already (a policy change, a repair): the step is then
     *                 {@code replace-view}, otherwise {@code create-view}
     * @param revision raised by the gateway with every change of what the view should be
     */
    record View(long dataSourceId, GovernedTable table, List<PolicyRule> rules, boolean drop, boolean replace,
                long revision) implements GovernanceChange {
        public View {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }

        @Override
        public String step() {
            return drop ? DROP_VIEW : replace ? REPLACE_VIEW : CREATE_VIEW;
        }

        @Override
        public String lane() {
            return "view:" + dataSourceId;
        }

        public View withTable(GovernedTable described) {
            return new View(dataSourceId, described, rules, drop, replace, revision);
        }

        /** The same view as a repair: it is put back whatever an earlier attempt recorded. */
        public View asRepair() {
            return new View(dataSourceId, table, rules, drop, true, revision);
        }
    }
}
