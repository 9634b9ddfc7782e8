package dev.tributary.contracts.governance;

import dev.tributary.contracts.sql.SqlDialect;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQL of governed views, compared with golden scripts reviewed by hand; what users see is in the sandbox's GovernedViewsTest. */
class GovernedViewsSqlTest {
    private static final List<PolicyRule> RULES = List.of(
            new PolicyRule.RowFilter("region", "region", null),
            new PolicyRule.RowFilter(null, null, List.of("sales", "auditors")),
            new PolicyRule.Mask(List.of("email"), MaskMethod.HASH, null, List.of("auditors")),
            new PolicyRule.Mask(List.of("amount"), MaskMethod.NULL, null, List.of()),
            new PolicyRule.Mask(List.of("note"), MaskMethod.CONSTANT, "it's hidden", List.of("auditors")));
    private static final Instant AT = Instant.parse("2026-12-01T10:15:30Z");

    private static String golden(String name) throws IOException {
        try (InputStream in = GovernedViewsSqlTest.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String script(SqlDialect dialect, String database) {
        GovernedViews views = new GovernedViews(dialect);
        GovernedTable table = new GovernedTable(database, "public", "Orders", List.of("id", "region", "email", "amount", "note"),
                "public_governed", "orders");
        StringBuilder script = new StringBuilder();
        for (List<String> part : List.of(views.entitlementObjects(),
                views.writeProfile("Taylor@Example.com", new Entitlements(Map.of("region", List.of("east", "o'west")), List.of("auditors")), AT),
                views.createView(table, RULES), views.dropView(table))) {
            part.forEach(statement -> script.append(statement).append(";\n"));
        }
        return script.toString();
    }

    @Test
    void redshiftNamesATableOfAnotherDatabaseInThreePartsInALateBindingView() throws IOException {
        assertEquals(golden("redshift-governed-view.sql"), script(SqlDialect.REDSHIFT, "sales_db"));
    }

    @Test
    void postgresqlKeepsTheViewBesideTheTableInSingleDatabaseMode() throws IOException {
        assertEquals(golden("postgresql-governed-view.sql"), script(SqlDialect.POSTGRESQL, null));
    }

    @Test
    void postgresqlRefusesATableOfAnotherDatabase() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> script(SqlDialect.POSTGRESQL, "sales_db"));
        assertTrue(refused.getMessage().contains("single-database mode"), refused.getMessage());
    }

    @Test
    void aColumnNameThatIsNoIdentifierIsRefusedBeforeAnySqlIsWritten() {
        GovernedTable table = new GovernedTable(null, "public", "orders", List.of("id", "x\"; DROP TABLE t; --"), "public_governed", "orders");
        assertThrows(IllegalArgumentException.class, () -> new GovernedViews(SqlDialect.REDSHIFT).createView(table, List.of()));
    }

    @Test
    void aRuleOnAColumnTheTableLacksMakesNoViewSinceTheRealColumnWouldStayClear() {
        GovernedTable table = new GovernedTable(null, "public", "orders", List.of("id", "region", "email"), "public_governed", "orders");
        GovernedViews views = new GovernedViews(SqlDialect.POSTGRESQL);
        GovernedViews.UnknownColumnsException refused = assertThrows(GovernedViews.UnknownColumnsException.class, () -> views.createView(
                table, List.of(new PolicyRule.Mask(List.of("emial"), MaskMethod.HASH, null, List.of()),
                        new PolicyRule.RowFilter("Region", "region", null))));
        assertEquals("a rule names column emial, which table public.orders does not have (its columns: id, region, email)",
                refused.getMessage(), "Region is region, as the engine folds it");
        GovernedTable undescribed = new GovernedTable(null, "public", "orders", List.of(), "public_governed", "orders");
        assertEquals(List.of(), GovernedViews.unknownColumns(undescribed, RULES), "columns not read yet: nothing to compare");
    }
}
