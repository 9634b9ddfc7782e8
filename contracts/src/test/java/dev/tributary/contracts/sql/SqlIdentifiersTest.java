package dev.tributary.contracts.sql;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SqlIdentifiersTest {

    @Test
    void validNamesAreQuoted() {
        assertEquals("\"immuta\"", SqlIdentifiers.quote("immuta"));
        assertEquals("\"immuta_system\".\"profile\"", SqlIdentifiers.qualified("immuta_system", "profile"));
        assertEquals("\"a$b_1\"", SqlIdentifiers.quote("a$b_1"));
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
