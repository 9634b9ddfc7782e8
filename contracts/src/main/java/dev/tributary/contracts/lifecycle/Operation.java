package dev.tributary.contracts.lifecycle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import static dev.tributary.contracts.lifecycle.IntegrationStatus.*;

/** What a user asked to happen to an integration, and the statuses that operation passes through. */
public enum Operation {
    CREATE("create", CREATING, ENABLED, CREATE_ERROR),
    EDIT("edit", EDITING, ENABLED, EDIT_ERROR),
    DELETE("delete", DELETING, DELETED, DELETE_ERROR),
    /** Brings the support objects in the target to the running system's version; a failure leaves the old ones. */
    MIGRATE("migrate", MIGRATING, ENABLED, MIGRATE_ERROR),
    /** A forced disable: registry only, nothing in the target; it starts and ends at once, so it cannot fail. */
    DISABLE("disable", DISABLED, DISABLED, DISABLED),
    /**
     * A change of governed data (users' entries, a data source's view), named in its steps' timeline rows. It runs
     * beside the integration's own operations and never moves its status, so its statuses are the one it keeps.
     */
    GOVERN("govern", ENABLED, ENABLED, ENABLED),
    /**
     * Asks Redshift to re-replicate a materialised zero-ETL integration's tables that are in error
     * ({@code ALTER DATABASE … INTEGRATION REFRESH INERROR TABLES}). It runs as the integration's operation but
     * leaves its status as it was: a refresh that fails says so in its message and changes nothing.
     */
    REFRESH("refresh", ENABLED, ENABLED, ENABLED);

    private final String wireName;
    private final IntegrationStatus inProgress;
    private final IntegrationStatus succeeded;
    private final IntegrationStatus failed;

    Operation(String wireName, IntegrationStatus inProgress, IntegrationStatus succeeded, IntegrationStatus failed) {
        this.wireName = wireName;
        this.inProgress = inProgress;
        this.succeeded = succeeded;
        this.failed = failed;
    }

    public IntegrationStatus inProgress() {
        return inProgress;
    }

    public IntegrationStatus succeeded() {
        return succeeded;
    }

    public IntegrationStatus failed() {
        return failed;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static Operation fromWireName(String name) {
        for (Operation operation : values()) {
            if (operation.wireName.equals(name)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("unknown operation: " + name);
    }
}
