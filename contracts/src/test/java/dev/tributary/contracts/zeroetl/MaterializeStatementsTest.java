package dev.tributary.contracts.zeroetl;

import dev.tributary.contracts.payload.ZeroEtlConfig.Materialize;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The materialise and refresh statements, compared with golden files checked by hand against the Redshift SQL
 * reference page each cites on its first line; the comments in them say what each statement shows.
 */
class MaterializeStatementsTest {
    private static final String ARN = "arn:aws:rds:us-east-1:123456789012:integration:a1b2c3d4-5678-90ab-cdef-example11111";
    private static final String DATABASE = "Sales_ZeroETL";

    /** The golden file's statements (its comment lines left out), after checking that it cites its reference page. */
    private static String golden(String name) throws IOException {
        try (InputStream in = MaterializeStatementsTest.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "golden file " + name);
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertTrue(lines.get(0).startsWith("-- https://docs.aws.amazon.com/redshift/latest/dg/"), name + " cites its page first");
            return lines.stream().filter(line -> !line.startsWith("--")).collect(Collectors.joining("\n", "", "\n"));
        }
    }

    private static String script(String... statements) {
        return String.join(";\n", statements) + ";\n";
    }

    private static Materialize target(String sourceDatabase, Boolean acceptInvChars, Boolean truncateColumns,
                                      Integer refreshInterval, Boolean historyMode) {
        return new Materialize("cluster.example.com", 5439, DATABASE, "dev", sourceDatabase, acceptInvChars,
                truncateColumns, refreshInterval, historyMode);
    }

    @Test
    void createDatabaseTakesTheSourceDatabaseAsALiteralAndItsOptionsAfterOneSet() throws IOException {
        String id = MaterializeStatements.integrationId(ARN);
        assertEquals("a1b2c3d4-5678-90ab-cdef-example11111", id);
        assertEquals(golden("redshift-materialize.sql"), script(
                MaterializeStatements.createDatabase(target(null, null, null, null, null), id),
                MaterializeStatements.createDatabase(target("Sales", null, null, null, null), id),
                MaterializeStatements.createDatabase(target("sales", true, false, 432000, true), id),
                MaterializeStatements.createDatabase(target(null, null, null, 0, null), id),
                MaterializeStatements.databaseExists(DATABASE)));
    }

    @Test
    void refreshAsksForTheTablesInErrorOfTheMaterialisedDatabase() throws IOException {
        assertEquals(golden("redshift-refresh-inerror-tables.sql"), script(MaterializeStatements.refreshInErrorTables(DATABASE)));
    }

    @Test
    void aDatabaseNameThatIsNoIdentifierIsRefusedBeforeAnySqlIsWritten() {
        assertThrows(IllegalArgumentException.class, () -> MaterializeStatements.refreshInErrorTables("x\"; DROP DATABASE dev; --"));
        assertThrows(IllegalArgumentException.class, () -> MaterializeStatements.createDatabase(
                new Materialize("h", 5439, "bad name", "dev", null), "id"));
    }
}
