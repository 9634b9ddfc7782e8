package dev.tributary.gateway.persistence;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;

/**
 * Where a data source's governed view stands. {@code creating} and {@code deleting} wait for a worker's outcome (or,
 * for a manual integration, for its script and the next check); {@code deleted} rows only keep the history.
 */
public enum DataSourceStatus {
    CREATING("creating"),
    ACTIVE("active"),
    ERROR("error"),
    DELETING("deleting"),
    DELETED("deleted");

    /** The statuses a check still reports on: not yet in step as far as the gateway knows. */
    public static final List<DataSourceStatus> UNSETTLED = List.of(CREATING, DELETING, ERROR);
    /** The statuses of a data source that a policy may name. */
    public static final List<DataSourceStatus> USABLE = List.of(CREATING, ACTIVE, ERROR);

    private final String wireName;

    DataSourceStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static DataSourceStatus fromWireName(String name) {
        return Arrays.stream(values()).filter(status -> status.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown data source status: " + name));
    }
}
