package dev.tributary.contracts.messaging;

import java.util.List;

/**
 * A data source as the gateway now records it, published whenever it changes (registered, its view applied or
 * failed, a policy on it added, changed or removed, deleted). The status view keeps the latest one per data source.
 *
 * @param database null in single-database mode, where the table is in the managed database itself
 * @param status   creating, active, error, deleting or deleted
 * @param message  why it is in error, or what a manual integration still has to run; null otherwise
 * @param policies the policies that apply to it, in the order their rules combine
 */
public record DataSourceChanged(long dataSourceId, String database, String schema, String table, String viewSchema,
                                String viewName, String status, String message, List<PolicySummary> policies) {

    public record PolicySummary(long id, String name) {
    }

    public DataSourceChanged {
        policies = policies == null ? List.of() : List.copyOf(policies);
    }
}
