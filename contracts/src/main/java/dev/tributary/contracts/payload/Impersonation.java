package dev.tributary.contracts.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Whether users may query as other users, and the group that holds that right. */
@JsonInclude(JsonInclude.Include.NON_NULL) // no role when none is set, whichever mapper writes it
public record Impersonation(boolean enabled, String role) {
    public static final String DEFAULT_ROLE = "immuta_impersonation";
    public static final Impersonation DISABLED = new Impersonation(false, null);
}
