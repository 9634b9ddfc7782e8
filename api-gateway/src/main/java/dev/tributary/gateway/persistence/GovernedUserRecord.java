package dev.tributary.gateway.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A user's entitlements as the gateway holds them; {@code deletedAt} is set for a deleted user's tombstone. */
public record GovernedUserRecord(String userName, String writtenName, Map<String, List<String>> attributes,
                                 List<String> groups, long revision, Instant deletedAt) {

    public boolean deleted() {
        return deletedAt != null;
    }
}
