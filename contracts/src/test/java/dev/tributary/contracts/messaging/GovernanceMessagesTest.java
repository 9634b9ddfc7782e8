package dev.tributary.contracts.messaging;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.governance.Entitlements;
import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.MaskMethod;
import dev.tributary.contracts.governance.PolicyRule;
import dev.tributary.contracts.governance.UserProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Governance changes travel whole, and their outcomes carry the revision the gateway compares. */
class GovernanceMessagesTest {
    private static final GovernanceChange.View VIEW = new GovernanceChange.View(12, new GovernedTable(null, "public", "orders",
            List.of("id", "email"), "public_governed", "orders"),
            List.of(new PolicyRule.Mask(List.of("email"), MaskMethod.HASH, null, List.of("auditors"))), false, true, 7);
    private static final GovernanceChange.Profiles PROFILES = new GovernanceChange.Profiles(List.of(
            new UserProfile("alice", new Entitlements(Map.of("region", List.of("east")), List.of()), 3),
            new UserProfile("bob", null, 5)));

    @Test
    void aViewAndProfilesComeBackAsTheyWereSentWithTheirRevisions() {
        for (GovernanceChange change : List.of(VIEW, PROFILES)) {
            String json = Json.write(change);
            assertEquals(change, Json.convert(Json.read(json), GovernanceChange.class), json);
        }
        assertEquals(7, Json.tree(VIEW).get("revision").asLong(), "a view's revision is one of its fields");
        assertFalse(Json.tree(PROFILES).has("revision"), "the profiles' revision is derived, not sent");
    }

    @Test
    void anOutcomeCarriesTheViewsRevisionOrTheHighestOfTheUsersWritten() {
        GovernanceApplied view = GovernanceApplied.of(VIEW, GovernanceApplied.APPLIED, null, List.of("id", "email"));
        assertEquals(new GovernanceApplied(12L, 7, GovernanceChange.REPLACE_VIEW, GovernanceApplied.APPLIED, null,
                List.of("id", "email")), view);
        GovernanceApplied users = GovernanceApplied.of(PROFILES, GovernanceApplied.FAILED, "down", List.of("ignored"));
        assertEquals(new GovernanceApplied(null, 5, GovernanceChange.WRITE_PROFILE, GovernanceApplied.FAILED, "down", List.of()), users);
    }
}
