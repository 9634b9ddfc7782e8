package dev.tributary.contracts.governance;

import java.util.List;
import java.util.Map;

/** What a user is entitled to: attribute values (for row filters) and groups (for filters and mask exceptions). */
public record Entitlements(Map<String, List<String>> attributes, List<String> groups) {
    public Entitlements {
        attributes = attributes == null ? Map.of() : attributes;
        groups = groups == null ? List.of() : groups;
    }
}
