package dev.tributary.contracts.zeroetl;

import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.sql.SqlIdentifiers;

import java.util.ArrayList;
import java.util.List;

/**
 * The Redshift SQL that materialises a zero-ETL integration and refreshes it, written as AWS's Amazon Redshift
 * Database Developer Guide gives it (golden files in {@code contracts/src/test/resources/golden/} cite the pages):
 * <ul>
 *   <li>CREATE DATABASE: {@code CREATE DATABASE database_name FROM INTEGRATION '<integration_id>'
 *       [ DATABASE '<source_database>' ] [ SET ] [ ACCEPTINVCHARS [=] { TRUE | FALSE } ] [ REFRESH_INTERVAL <interval> ]
 *       [ TRUNCATECOLUMNS [=] { TRUE | FALSE } ] [ HISTORY_MODE [=] { TRUE | FALSE } ]}. The integration id and the
 *       source database are string literals, not identifiers; the options follow one {@code SET}, separated by
 *       spaces (the grammar has no commas), in the grammar's order.</li>
 *   <li>ALTER DATABASE: {@code ALTER DATABASE database_name INTEGRATION REFRESH INERROR TABLES}.</li>
 * </ul>
 * The database is quoted and folded as every other name ({@link SqlIdentifiers}); literals are quoted as Redshift
 * reads them ({@link SqlDialect#REDSHIFT}). An option left null is left out, so Redshift's default applies.
 */
public final class MaterializeStatements {

    private MaterializeStatements() {
    }

    /** The integration id that {@code FROM INTEGRATION} takes: the last part of the RDS integration's ARN. */
    public static String integrationId(String integrationArn) {
        return integrationArn.substring(integrationArn.lastIndexOf(':') + 1);
    }

    /** {@code CREATE DATABASE … FROM INTEGRATION …} with the options {@code target} sets. */
    public static String createDatabase(ZeroEtlConfig.Materialize target, String integrationId) {
        StringBuilder sql = new StringBuilder("CREATE DATABASE ").append(SqlIdentifiers.quote(target.database()))
                .append(" FROM INTEGRATION ").append(literal(integrationId));
        if (target.sourceDatabase() != null) {
            // as written: it names a database of the source, which Redshift looks up by this text
            sql.append(" DATABASE ").append(literal(target.sourceDatabase()));
        }
        List<String> options = new ArrayList<>();
        if (target.acceptInvChars() != null) {
            options.add("ACCEPTINVCHARS = " + bool(target.acceptInvChars()));
        }
        if (target.refreshInterval() != null) {
            options.add("REFRESH_INTERVAL " + target.refreshInterval());
        }
        if (target.truncateColumns() != null) {
            options.add("TRUNCATECOLUMNS = " + bool(target.truncateColumns()));
        }
        if (target.historyMode() != null) {
            options.add("HISTORY_MODE = " + bool(target.historyMode()));
        }
        if (!options.isEmpty()) {
            sql.append(" SET ").append(String.join(" ", options));
        }
        return sql.toString();
    }

    /** Asks Redshift to replicate again the tables of the integration's database that are in error. */
    public static String refreshInErrorTables(String database) {
        return "ALTER DATABASE " + SqlIdentifiers.quote(database) + " INTEGRATION REFRESH INERROR TABLES";
    }

    /** One row when the database exists already (a retry of a materialisation that was done). */
    public static String databaseExists(String database) {
        return "SELECT 1 FROM pg_database WHERE datname = " + literal(SqlIdentifiers.catalogName(database));
    }

    private static String literal(String value) {
        return SqlDialect.REDSHIFT.quoteLiteral(value);
    }

    private static String bool(boolean value) {
        return value ? "TRUE" : "FALSE";
    }
}
