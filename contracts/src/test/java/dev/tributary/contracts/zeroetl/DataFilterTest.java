package dev.tributary.contracts.zeroetl;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which tables a filter selects, from the examples of the zero-ETL documentation. */
class DataFilterTest {
    private static final List<TableName> MYSQL_TABLES = Stream.of("books.fiction", "books.mystery_novels",
            "books.old_mystery", "books.history", "music.albums").map(TableName::of).toList();
    private static final List<TableName> POSTGRES_TABLES = Stream.of("books.public.fiction", "books.science.physics",
            "books.sci_fi.dune", "books.archive.scrolls", "music.public.albums").map(TableName::of).toList();

    private static List<String> selected(String filter, List<TableName> tables) {
        return DataFilter.parse(filter).select(tables).stream().map(TableName::toString).toList();
    }

    @Test
    void aLaterExcludeOverridesAnEarlierInclude() {
        assertEquals(List.of("books.fiction", "books.history"),
                selected("include: books.*, exclude: books./.*mystery.*/", MYSQL_TABLES));
    }

    @Test
    void aFilterOfExcludeRulesAloneIncludesNothingEvenWhenANameSpellsInclude() {
        assertFalse(DataFilter.parse("exclude: *.*.*, exclude: \"a,include:b\".*.*").includesAnything());
        assertTrue(DataFilter.parse("exclude: books.*.*, include: books.public.*").includesAnything());
    }

    @Test
    void aRegularExpressionSelectsTheNamesItOccursIn() {
        assertEquals(List.of("books.fiction", "books.history"), selected("include: books.*, exclude: books./mystery/", MYSQL_TABLES));
        assertEquals(List.of("books.mystery_novels"), selected("include: books./novels$/", MYSQL_TABLES));
    }

    @Test
    void threePartNamesForPostgresqlSources() {
        assertEquals(List.of("books.public.fiction", "books.archive.scrolls"),
                selected("include: books.*.*, exclude: books./sci.*/.*", POSTGRES_TABLES));
    }

    @Test
    void withoutAFilterEverythingIsSelectedAndWithOneNothingElse() {
        assertTrue(DataFilter.selects(null, TableName.of("music.albums")));
        assertEquals(List.of(), selected("include: other.*", MYSQL_TABLES));
        assertEquals(List.of("music.albums"), selected("exclude: *.*, include: music.albums", MYSQL_TABLES));
        assertEquals(List.of("books.history"), selected("include: books.\"history\"", MYSQL_TABLES));
    }

    @Test
    void brokenFiltersAreRejectedWithTheReason() {
        assertReason("include: books", "database.table or database.schema.table");
        assertReason("copy: books.*", "the types are include and exclude");
        assertReason("include: books./+mystery/", "invalid regular expression");
        assertReason("include: /b.*/.public.*", "cannot be a regular expression");
        assertReason("include: books.*, include: books.*.*", "name parts");
        assertReason("include: books.fic;tion", "may contain only");
        assertReason("include: books./open", "unclosed");
        assertReason(String.join(", ", java.util.Collections.nCopies(100, "include: a.b")), "at most 99");
        assertReason("include: a." + "b".repeat(260), "longer than 256");
        assertReason("", "1 to 25600");
    }

    @Test
    void theEngineDecidesHowManyPartsANameHas() {
        DataFilter.parse("include: books.*").requireEngine(DataFilter.SourceEngine.MYSQL);
        DataFilterException wrong = assertThrows(DataFilterException.class,
                () -> DataFilter.parse("include: books.*").requireEngine(DataFilter.SourceEngine.POSTGRESQL));
        assertTrue(wrong.getMessage().contains("database.schema.table"), wrong.getMessage());
        assertEquals(DataFilter.SourceEngine.POSTGRESQL, DataFilter.SourceEngine.fromRdsEngine("aurora-postgresql"));
    }

    private static void assertReason(String filter, String expected) {
        DataFilterException e = assertThrows(DataFilterException.class, () -> DataFilter.parse(filter));
        assertTrue(e.getMessage().contains(expected), filter + " -> " + e.getMessage());
    }
}
