package dev.tributary.contracts.sql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlIdentifiersTest {

    @Test
    void validNamesAreQuoted() {
        assertEquals("\"immuta\"", SqlIdentifiers.quote("immuta"));
        assertEquals("\"immuta_system\".\"profile\"", SqlIdentifiers.qualified("immuta_system", "profile"));
        assertEquals("\"a$b_1\"", SqlIdentifiers.quote("a$b_1"));
    }

    @Test
    void namesAreFoldedAsRedshiftFoldsThemBeforeTheyAreQuoted() {
        assertEquals("\"redshift_sample_data\"", SqlIdentifiers.quote("REDSHIFT_SAMPLE_DATA"));
        assertEquals("\"taylor@redshift.com\"", SqlIdentifiers.quoteUserName("Taylor@Redshift.com"));
        assertEquals("immuta", SqlIdentifiers.catalogName("Immuta"));
        assertTrue(SqlIdentifiers.sameName("Immuta", "IMMUTA"));
        assertFalse(SqlIdentifiers.sameName("immuta", "immuta2"));
    }

    @Test
    void anythingThatIsNotAnIdentifierIsRefused() {
        for (String hostile : new String[]{"a\"b", "x; DROP DATABASE dev", "1abc", "", "a b", "a--b", "ä", "a'b", "a\\b",
                "x".repeat(SqlIdentifiers.MAX_LENGTH + 1)}) {
            assertThrows(IllegalArgumentException.class, () -> SqlIdentifiers.quote(hostile), hostile);
        }
        assertThrows(IllegalArgumentException.class, () -> SqlIdentifiers.quote(null));
    }

    @Test
    void aNameHoldingTheProcedureBodyQuoteIsRefusedEverywhereNamesAreChecked() {
        String hostile = "a" + SqlIdentifiers.BODY_QUOTE + "b";
        assertThrows(IllegalArgumentException.class, () -> SqlIdentifiers.quote(hostile));
        assertThrows(IllegalArgumentException.class, () -> SqlIdentifiers.quoteUserName(hostile));
        // the request parser checks names with these patterns, so such a name is refused with a 400 already
        assertFalse(SqlIdentifiers.PATTERN.matcher(hostile).matches());
        assertFalse(SqlIdentifiers.USER_NAME.matcher(hostile).matches());
        assertFalse(SqlIdentifiers.PATTERN.matcher(hostile.toUpperCase(java.util.Locale.ROOT)).matches(), "the parser folds names to lower case later");
        assertEquals("\"a$$b$c\"", SqlIdentifiers.quote("a$$b$c"), "other dollar signs are still allowed");
    }

    @Test
    void literalsAreEscapedForEachDialect() {
        String value = "it's \\ done";
        assertEquals("'it''s \\\\ done'", SqlDialect.REDSHIFT.quoteLiteral(value));
        assertEquals("'it''s \\ done'", SqlDialect.POSTGRESQL.quoteLiteral(value));
    }

    @Test
    void theDialectFollowsTheEngineTheTargetReports() {
        assertEquals(SqlDialect.REDSHIFT, SqlDialect.fromVersion(
                "PostgreSQL 8.0.2 on i686-pc-linux-gnu, compiled by GCC gcc (GCC) 3.4.2 20041017 (Red Hat 3.4.2-6.fc3), Redshift 1.0.77467"));
        assertEquals(SqlDialect.POSTGRESQL, SqlDialect.fromVersion("PostgreSQL 15.19 (Debian 15.19-0+deb12u1)"));
    }
}
