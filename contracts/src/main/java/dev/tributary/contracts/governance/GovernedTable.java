package dev.tributary.contracts.governance;

import java.util.List;

/**
 * A table registered as a data source, as the target's catalog describes it, and the view that governs it.
 *
 * @param database the table's database, or null when it is the managed database itself (single-database mode)
 * @param columns  the table's columns in their catalog order; the view keeps them in that order
 */
public record GovernedTable(String database, String schema, String table, List<String> columns,
                            String viewSchema, String viewName) {
}
