package dev.tributary.contracts.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntegrationRequestParserTest {

    private static ObjectNode automaticSetup() {
        return (ObjectNode) Json.read("""
                {"type": "Redshift", "autoBootstrap": true, "config": {
                  "host": "organization.aws.amazon.com", "database": "immuta",
                  "initialDatabase": "REDSHIFT_SAMPLE_DATA", "authenticationType": "userPassword",
                  "username": "taylor@redshift.com", "password": "abc1234"}}""");
    }

    private static List<FieldError> errorsOf(JsonNode body) {
        return assertThrows(InvalidRequestException.class, () -> IntegrationRequestParser.parse(body)).errors();
    }

    private static void assertRule(List<FieldError> errors, String field, String rule) {
        assertTrue(errors.stream().anyMatch(error -> error.field().equals(field) && error.rule().equals(rule)),
                "expected " + field + "/" + rule + " in " + errors);
    }

    @Test
    void theSpecsAutomaticSetupExampleIsAcceptedWithDefaults() {
        IntegrationRequest request = IntegrationRequestParser.parse(automaticSetup());
        RedshiftConfig config = request.spec().redshift();
        assertEquals(IntegrationType.REDSHIFT, request.spec().type());
        assertTrue(request.spec().autoBootstrap());
        assertEquals(5439, config.port());
        assertEquals("redshift_sample_data", config.initialDatabase(), "unquoted names fold to lower case as in Redshift");
        assertFalse(config.impersonationEnabled());
        assertEquals("immuta_system", config.systemAccount());
        assertEquals("taylor@redshift.com", request.credentials().username());
        assertEquals("abc1234", request.credentials().password());
    }

    @Test
    void theSpecsOktaExampleIsAcceptedAndKeepsOnlyNonSecretOktaSettingsInTheConfig() {
        JsonNode body = Json.read("""
                {"type": "Redshift", "autoBootstrap": true, "config": {
                  "host": "organization.aws.amazon.com", "database": "immuta", "initialDatabase": "dev",
                  "impersonation": {"enabled": true, "role": "immuta_impersonation"},
                  "authenticationType": "okta",
                  "okta": {"username": "taylor@redshift.com", "password": "abc1234", "appId": "Okta",
                           "idpHost": "organization.okta.com", "role": "admin"}}}""");
        IntegrationRequest request = IntegrationRequestParser.parse(body);
        RedshiftConfig config = request.spec().redshift();
        assertEquals(new OktaSettings("Okta", "organization.okta.com", "admin"), config.okta());
        assertEquals("immuta_impersonation", config.impersonationRole());
        assertEquals("abc1234", request.credentials().password());
        String stored = Json.write(request.spec());
        assertFalse(stored.contains("abc1234"), "the spec never carries the password: " + stored);
        assertFalse(stored.contains("taylor@redshift.com"), "nor the username: " + stored);
    }

    @Test
    void aGroupNameHoldingTheProcedureBodyQuoteIsAPatternError() {
        ObjectNode body = automaticSetup();
        // upper case too: names are folded to lower case only after the check
        ((ObjectNode) body.get("config")).set("impersonation", Json.read("{\"enabled\": true, \"role\": \"imp$TRIBUTARY_BODY$x\"}"));
        assertRule(errorsOf(body), "config.impersonation.role", "pattern");
    }

    @Test
    void theRedactedViewHidesCredentialsAndShowsThePort() {
        JsonNode view = IntegrationRequestParser.parse(automaticSetup()).spec().config().redactedView();
        assertEquals("<REDACTED>", view.get("username").asText());
        assertEquals("<REDACTED>", view.get("password").asText());
        assertEquals(5439, view.get("port").asInt());
        assertFalse(view.toString().contains("abc1234"));
    }

    @Test
    void everyBrokenRuleIsReportedWithItsFieldAndRule() {
        ObjectNode body = automaticSetup();
        ObjectNode config = (ObjectNode) body.get("config");
        config.remove("host");
        config.put("port", "5439");
        config.put("database", "immuta; DROP DATABASE dev");
        config.put("authenticationType", "kerberos");
        config.put("colour", "blue");
        body.put("autoBootstrap", "yes");
        List<FieldError> errors = errorsOf(body);
        assertRule(errors, "config.host", "required");
        assertRule(errors, "config.port", "type");
        assertRule(errors, "config.database", "pattern");
        assertRule(errors, "config.authenticationType", "enum");
        assertRule(errors, "config.colour", "unknown");
        assertRule(errors, "autoBootstrap", "type");
    }

    @Test
    void limitsAndCombinationsAreChecked() {
        ObjectNode body = automaticSetup();
        ObjectNode config = (ObjectNode) body.get("config");
        config.put("port", 70000);
        config.put("database", "d".repeat(IntegrationRequestParser.MAX_MANAGED_DATABASE_LENGTH + 1));
        config.put("host", "bad host!");
        config.putObject("okta").put("appId", "x");
        List<FieldError> errors = errorsOf(body);
        assertRule(errors, "config.port", "range");
        assertRule(errors, "config.database", "length");
        assertRule(errors, "config.host", "pattern");
        assertRule(errors, "config.okta", "not-allowed");
    }

    @Test
    void missingCredentialsAndUnknownTypesAreRejected() {
        ObjectNode body = automaticSetup();
        ((ObjectNode) body.get("config")).remove("password");
        assertRule(errorsOf(body), "config.password", "required");
        body.put("type", "Oracle");
        assertRule(errorsOf(body), "type", "enum");
        assertRule(errorsOf(Json.read("[1, 2]")), "body", "type");
        assertRule(errorsOf(Json.read("{\"type\": \"Redshift\", \"autoBootstrap\": true}")), "config", "required");
    }

    @Test
    void theManagedDatabaseMustDifferFromTheInitialOne() {
        ObjectNode body = automaticSetup();
        ((ObjectNode) body.get("config")).put("database", "Redshift_Sample_Data");
        assertRule(errorsOf(body), "config.database", "distinct");
    }

    @Test
    void aManualSetupNamesTheSystemAccountSoItsUserNameMustBeUsableInSql() {
        ObjectNode body = automaticSetup();
        body.put("autoBootstrap", false);
        ((ObjectNode) body.get("config")).put("username", "Taylor@Redshift.com");
        assertEquals("taylor@redshift.com", IntegrationRequestParser.parse(body).credentials().username());
        ((ObjectNode) body.get("config")).put("username", "taylor\"; DROP USER x; --");
        assertRule(errorsOf(body), "config.username", "pattern");
    }

    @Test
    void deleteCredentialsAreOptionalButCheckedWhenGiven() {
        assertTrue(IntegrationRequestParser.parseDeleteCredentials(null).isEmpty());
        assertTrue(IntegrationRequestParser.parseDeleteCredentials(Json.read("{}")).isEmpty());
        assertEquals("pw", IntegrationRequestParser.parseDeleteCredentials(Json.read(
                "{\"authenticationType\": \"userPassword\", \"username\": \"awsuser\", \"password\": \"pw\"}")).orElseThrow().password());
        List<FieldError> errors = assertThrows(InvalidRequestException.class, () -> IntegrationRequestParser.parseDeleteCredentials(
                Json.read("{\"authenticationType\": \"userPassword\", \"username\": 7}"))).errors();
        assertRule(errors, "username", "type");
        assertRule(errors, "password", "required");
    }
}
