package dev.tributary.e2e;

import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.testing.TestInfrastructureChoice;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What every end-to-end class shares: the running system, a client for its APIs, and its PostgreSQL server. */
abstract class EndToEndTest {
    static final LocalPostgres POSTGRES = TestInfrastructureChoice.shared().postgres();
    static RunningSystem system;
    static Http http;

    @BeforeAll
    static void useTheRunningSystem() throws Exception {
        system = RunningSystem.shared();
        http = new Http(system);
    }

    /** The first column of every row {@code sql} returns in {@code database} of the system's PostgreSQL. */
    static List<String> firstColumn(String database, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = POSTGRES.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    static void execute(String database, String sql) throws Exception {
        try (Connection connection = POSTGRES.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Drops a database an automatic setup made, with its system account. */
    static void dropManagedDatabase(String database) throws Exception {
        POSTGRES.dropDatabase(database);
        POSTGRES.dropRole(database + "_system");
    }
}
