package dev.tributary.gateway.persistence;

import java.time.Instant;
import java.util.List;

/**
 * A data source as the gateway holds it. {@code database} is null when the table is in the integration's managed
 * database (always so in single-database mode); {@code columns} is empty until a worker has read them.
 */
public record DataSourceRecord(long id, long integrationId, String database, String schemaName, String tableName,
                               String viewSchema, String viewName, DataSourceStatus status, String message, long revision,
                               List<String> columns, Instant updatedAt) {

    public String idText() {
        return Long.toString(id);
    }

    public String integrationIdText() {
        return Long.toString(integrationId);
    }
}
