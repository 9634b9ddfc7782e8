package dev.tributary.contracts.lifecycle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The statuses of an integration, spelled as the /integrations API spells them. */
public enum IntegrationStatus {
    CREATING("creating"),
    ENABLED("enabled"),
    EDITING("editing"),
    DELETING("deleting"),
    DELETED("deleted"),
    DISABLED("disabled"),
    CREATE_ERROR("createError"),
    EDIT_ERROR("editError"),
    DELETE_ERROR("deleteError"),
    MIGRATING("migrating"),
    MIGRATE_ERROR("migrateError"),
    RECURRING_VALIDATION_ERROR("recurringValidationError");

    private final String wireName;

    IntegrationStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static IntegrationStatus fromWireName(String name) {
        for (IntegrationStatus status : values()) {
            if (status.wireName.equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown integration status: " + name);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
