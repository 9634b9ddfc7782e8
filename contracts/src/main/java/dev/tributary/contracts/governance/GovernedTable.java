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

    /** {@code schema.table}, with the database in front when the table is in another one, for messages. */
    public String name() {
        return (database != null ? database + "." : "") + schema + "." + table;
    }

    /** {@code viewSchema.viewName}, for messages and timeline rows. */
    public String viewDisplayName() {
        return viewSchema + "." + viewName;
    }

    /** The same table with {@code described}, the columns the target gave just now. */
    public GovernedTable withColumns(List<String> described) {
        return new GovernedTable(database, schema, table, described, viewSchema, viewName);
    }
}
