package dev.tributary.validation.service;

import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.GovernedViews;
import dev.tributary.contracts.payload.RedshiftConfig;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a data source's table as the system account sees it, and says in one sentence why it could not. The query
 * reads no row but fails as a read would, so "it can be described" means "the governed view can read it".
 */
public final class TableDescriptions {
    /** PostgreSQL's (and Redshift's) SQLSTATE for a missing table, and for a missing schema. */
    private static final String UNDEFINED_TABLE = "42P01";
    private static final String UNDEFINED_SCHEMA = "3F000";
    /** insufficient_privilege: no USAGE on the schema, or no SELECT on the table. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private TableDescriptions() {
    }

    /** The table's columns in their catalog order. */
    public static List<String> columns(Connection connection, GovernedViews views, GovernedTable table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(views.describeQuery(table))) {
            ResultSetMetaData metadata = rows.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                columns.add(metadata.getColumnName(i));
            }
            return List.copyOf(columns);
        }
    }

    /**
     * Why {@link #columns} failed: the table (or its schema) is missing, the system account lacks the grants (which
     * are named, for someone to run), or something else the engine said.
     */
    public static String readFailure(GovernedTable table, RedshiftConfig config, String systemAccount, GovernedViews views,
                                     SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals(UNDEFINED_TABLE) || state.equals(UNDEFINED_SCHEMA)) {
            return "table " + name(table) + " does not exist in database " + database(table, config);
        }
        if (state.equals(INSUFFICIENT_PRIVILEGE)) {
            return "the system account " + systemAccount + " cannot read " + name(table) + " in database "
                    + database(table, config) + ": " + views.grantsToRead(table, systemAccount);
        }
        return "reading table " + name(table) + " in database " + database(table, config) + " failed: " + e.getMessage()
                + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
    }

    /** The target refused or dropped the connection before the table could be asked about. */
    public static String unreachable(GovernedTable table, RedshiftConfig config, SQLException e) {
        return "the target could not be reached to check table " + name(table) + ": "
                + ConnectionFailures.describe(config, config.database(), e);
    }

    /** The same table with {@code columns}, as the target described them just now. */
    public static GovernedTable withColumns(GovernedTable table, List<String> columns) {
        return new GovernedTable(table.database(), table.schema(), table.table(), columns, table.viewSchema(), table.viewName());
    }

    /** {@code schema.table}, with the database in front when the table is in another one (multi-database mode). */
    public static String name(GovernedTable table) {
        return (table.database() != null ? table.database() + "." : "") + table.schema() + "." + table.table();
    }

    public static String viewName(GovernedTable table) {
        return table.viewSchema() + "." + table.viewName();
    }

    private static String database(GovernedTable table, RedshiftConfig config) {
        return table.database() != null ? table.database() : config.database();
    }
}
