package dev.tributary.validation.service;

import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.GovernedViews;
import dev.tributary.contracts.payload.RedshiftConfig;

import java.sql.SQLException;

/**
 * Why a data source's table could not be read as the system account, in one sentence. The reading itself, and the
 * sentence for a table that is missing or not granted, are {@link GovernedViews}'s, which the bootstrap-worker says
 * in the same words.
 */
final class TableDescriptions {

    private TableDescriptions() {
    }

    /** Why {@link GovernedViews#readColumns} failed, in the database the table was looked for in. */
    static String readFailure(GovernedTable table, RedshiftConfig config, String systemAccount, GovernedViews views, SQLException e) {
        return views.readFailure(table, table.database() != null ? table.database() : config.database(), systemAccount, e);
    }

    /** The target refused or dropped the connection before the table could be asked about. */
    static String unreachable(GovernedTable table, RedshiftConfig config, SQLException e) {
        return "the target could not be reached to check table " + table.name() + ": "
                + ConnectionFailures.describe(config, config.database(), e);
    }
}
