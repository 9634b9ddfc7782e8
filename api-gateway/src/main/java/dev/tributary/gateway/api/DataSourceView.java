package dev.tributary.gateway.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tributary.gateway.persistence.DataSourceRecord;
import dev.tributary.gateway.persistence.PolicyRecord;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A data source as the API shows it; {@code message} is null unless it is in error or waits for a script. */
@JsonPropertyOrder({"id", "integrationId", "database", "schema", "table", "view", "status", "message", "policies"})
public record DataSourceView(String id, String integrationId,
                             @Schema(description = "The database the table is in") String database,
                             String schema, String table, ViewName view,
                             @Schema(enumeration = {"creating", "active", "error", "deleting", "deleted"}) String status,
                             String message,
                             @Schema(description = "The policies on it, in the order their rules combine") List<PolicySummary> policies) {

    /** Where the governed view is. */
    public record ViewName(String schema, String name) {
    }

    public record PolicySummary(String id, String name) {
    }

    /** @param managedDatabase the integration's database, where a table without a database of its own is */
    static DataSourceView of(DataSourceRecord dataSource, String managedDatabase, List<PolicyRecord> policies) {
        return new DataSourceView(dataSource.idText(), dataSource.integrationIdText(),
                dataSource.database() != null ? dataSource.database() : managedDatabase, dataSource.schemaName(),
                dataSource.tableName(), new ViewName(dataSource.viewSchema(), dataSource.viewName()),
                dataSource.status().wireName(), dataSource.message(),
                policies.stream().map(policy -> new PolicySummary(policy.idText(), policy.name())).toList());
    }
}
