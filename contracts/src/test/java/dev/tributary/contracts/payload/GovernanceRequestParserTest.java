package dev.tributary.contracts.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.governance.Entitlements;
import dev.tributary.contracts.governance.MaskMethod;
import dev.tributary.contracts.governance.PolicyRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GovernanceRequestParserTest {

    private static List<FieldError> errorsOf(Consumer<JsonNode> parse, String body) {
        return assertThrows(InvalidRequestException.class, () -> parse.accept(Json.read(body))).errors();
    }

    private static void assertRule(List<FieldError> errors, String field, String rule) {
        assertTrue(errors.stream().anyMatch(error -> error.field().equals(field) && error.rule().equals(rule)),
                "expected " + field + "/" + rule + " in " + errors);
    }

    @Test
    void aDataSourceNamesSchemaAndTableAndItsViewsGoToTheGovernedSchemaByDefault() {
        assertEquals(new GovernanceRequestParser.DataSourceRequest(null, "public", "orders", "public_governed"),
                GovernanceRequestParser.dataSource(Json.read("{\"schema\": \"public\", \"table\": \"orders\"}")));
        assertEquals(new GovernanceRequestParser.DataSourceRequest("Sales", "public", "Orders", "reports"),
                GovernanceRequestParser.dataSource(Json.read(
                        "{\"database\": \"Sales\", \"schema\": \"public\", \"table\": \"Orders\", \"viewSchema\": \"reports\"}")));
    }

    @Test
    void aDataSourceWhoseNamesCouldNotBeSqlIsRefusedFieldByField() {
        List<FieldError> errors = errorsOf(GovernanceRequestParser::dataSource,
                "{\"schema\": \"public; DROP\", \"table\": \"\", \"viewSchema\": \"PUBLIC\", \"owner\": \"x\"}");
        assertRule(errors, "schema", "pattern");
        assertRule(errors, "table", "required");
        assertRule(errors, "owner", "unknown");
        assertRule(errorsOf(GovernanceRequestParser::dataSource, "{\"schema\": \"public\", \"table\": \"t\", \"viewSchema\": \"PUBLIC\"}"),
                "viewSchema", "distinct");
        assertRule(errorsOf(GovernanceRequestParser::dataSource, "{\"schema\": \"" + "s".repeat(60) + "\", \"table\": \"t\"}"),
                "viewSchema", "required");
    }

    @Test
    void theSupportAndSystemSchemasAreNeitherDataSourcesNorViewSchemas() {
        assertRule(errorsOf(GovernanceRequestParser::dataSource, "{\"schema\": \"Immuta_System\", \"table\": \"profile_attribute\"}"),
                "schema", "reserved");
        assertRule(errorsOf(GovernanceRequestParser::dataSource, "{\"schema\": \"pg_catalog\", \"table\": \"pg_authid\"}"),
                "schema", "reserved");
        assertRule(errorsOf(GovernanceRequestParser::dataSource,
                "{\"schema\": \"public\", \"table\": \"orders\", \"viewSchema\": \"immuta_procedures\"}"), "viewSchema", "reserved");
        assertRule(errorsOf(GovernanceRequestParser::dataSource,
                "{\"schema\": \"public\", \"table\": \"orders\", \"viewSchema\": \"information_schema\"}"), "viewSchema", "reserved");
    }

    @Test
    void aUserHasAttributesWithListsOfValuesAndGroups() {
        assertEquals(new Entitlements(Map.of("region", List.of("east", "west")), List.of("auditors")),
                GovernanceRequestParser.user(Json.read("{\"attributes\": {\"region\": [\"east\", \"west\"]}, \"groups\": [\"auditors\"]}")));
        assertEquals(new Entitlements(Map.of(), List.of()), GovernanceRequestParser.user(Json.read("{}")));
        List<FieldError> errors = errorsOf(GovernanceRequestParser::user,
                "{\"attributes\": {\"region\": \"east\", \"team\": [1]}, \"groups\": [\"\"]}");
        assertRule(errors, "attributes.region", "type");
        assertRule(errors, "attributes.team[0]", "type");
        assertRule(errors, "groups[0]", "required");
        assertRule(assertThrows(InvalidRequestException.class, () -> GovernanceRequestParser.userName("bob\"; --")).errors(),
                "userName", "pattern");
        assertEquals("taylor@redshift.com", GovernanceRequestParser.userName("taylor@redshift.com"));
    }

    @Test
    void thePolicyOfTheApiDocumentationIsRead() {
        GovernanceRequestParser.PolicyRequest policy = GovernanceRequestParser.policy(Json.read("""
                {"name": "orders by region", "dataSources": ["12", "13"], "rules": [
                  {"type": "rowFilter", "column": "region", "matchesAttribute": "region"},
                  {"type": "rowFilter", "inGroups": ["sales"]},
                  {"type": "mask", "columns": ["email"], "method": "hash", "exceptGroups": ["auditors"]},
                  {"type": "mask", "columns": ["note"], "method": "constant", "value": "n/a"}]}"""));
        assertEquals("orders by region", policy.name());
        assertEquals(List.of("12", "13"), policy.dataSources());
        assertEquals(List.of(new PolicyRule.RowFilter("region", "region", null), new PolicyRule.RowFilter(null, null, List.of("sales")),
                new PolicyRule.Mask(List.of("email"), MaskMethod.HASH, null, List.of("auditors")),
                new PolicyRule.Mask(List.of("note"), MaskMethod.CONSTANT, "n/a", null)), policy.rules());
    }

    @Test
    void everyBrokenRuleOfAPolicyIsReportedWithItsPath() {
        List<FieldError> errors = errorsOf(GovernanceRequestParser::policy, """
                {"dataSources": ["x"], "rules": [
                  {"type": "rowFilter", "column": "region"},
                  {"type": "rowFilter", "matchesAttribute": "region", "inGroups": ["a"]},
                  {"type": "rowFilter", "inGroups": ["a"], "column": "c"},
                  {"type": "mask", "columns": ["e mail"], "method": "blur"},
                  {"type": "mask", "columns": ["e"], "method": "constant"},
                  {"type": "mask", "columns": ["e"], "method": "hash", "value": "v"},
                  {"type": "shuffle"}, 7]}""");
        assertRule(errors, "name", "required");
        assertRule(errors, "dataSources[0]", "pattern");
        assertRule(errors, "rules[0]", "one-of");
        assertRule(errors, "rules[1]", "one-of");
        assertRule(errors, "rules[2].column", "not-allowed");
        assertRule(errors, "rules[3].columns[0]", "pattern");
        assertRule(errors, "rules[3].method", "enum");
        assertRule(errors, "rules[4].value", "required");
        assertRule(errors, "rules[5].value", "not-allowed");
        assertRule(errors, "rules[6].type", "enum");
        assertRule(errors, "rules[7]", "type");
        assertRule(errorsOf(GovernanceRequestParser::policy, "{\"name\": \"n\", \"dataSources\": [], \"rules\": []}"), "rules", "required");
    }
}
