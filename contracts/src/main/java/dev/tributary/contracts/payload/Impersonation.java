package dev.tributary.contracts.payload;

/** Whether users may query as other users, and the group that holds that right. */
public record Impersonation(boolean enabled, String role) {
    public static final String DEFAULT_ROLE = "immuta_impersonation";
    public static final Impersonation DISABLED = new Impersonation(false, null);
}
