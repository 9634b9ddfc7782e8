package dev.tributary.sandbox.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What a query returns, as tests compare it: one {@code a|b|c} line per row, NULL as {@code null}. */
public final class QueryRows {

    private QueryRows() {
    }

    public static List<String> read(Connection connection, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement sql = connection.createStatement(); ResultSet result = sql.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(String.join("|", row));
            }
        }
        return rows;
    }
}
