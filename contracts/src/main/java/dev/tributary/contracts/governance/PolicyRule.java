package dev.tributary.contracts.governance;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/** One rule of a policy: which rows a user sees, or how a column reads for them. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = PolicyRule.RowFilter.class, name = "rowFilter"),
        @JsonSubTypes.Type(value = PolicyRule.Mask.class, name = "mask")})
public sealed interface PolicyRule {

    /**
     * Rows a user sees: those whose {@code column} holds one of the user's values of {@code matchesAttribute}, or,
     * with {@code inGroups}, all rows but only for members of one of those groups. Exactly one of the two is set.
     */
    record RowFilter(String column, String matchesAttribute, List<String> inGroups) implements PolicyRule {
    }

    /** {@code columns} read as {@code method} gives them, except for members of one of {@code exceptGroups}. */
    record Mask(List<String> columns, MaskMethod method, String value, List<String> exceptGroups) implements PolicyRule {
        public List<String> exceptGroups() {
            return exceptGroups == null ? List.of() : exceptGroups;
        }
    }
}
