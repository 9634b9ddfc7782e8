package dev.tributary.contracts.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntegrationRequestParserTest {
    /** A client that sealed nothing: every secret is taken as sent. */
    static final SecretValues AS_SENT = sent -> sent;
    /** Stands in for the gateway's key: "sealed(x)" opens to x, "sealed(broken)" does not open. */
    static final SecretValues SEALED = sent -> {
        if (!sent.startsWith("sealed(")) {
            return sent;
        }
        if (sent.equals("sealed(broken)")) {
            throw new SecretValues.UnreadableSecretException("does not open");
        }
        return sent.substring("sealed(".length(), sent.length() - 1);
    };

    private static ObjectNode automaticSetup() {
        return (ObjectNode) Json.read("""
                {"type": "Redshift", "autoBootstrap": true, "config": {
                  "host": "organization.aws.amazon.com", "database": "immuta",
                  "initialDatabase": "REDSHIFT_SAMPLE_DATA", "authenticationType": "userPassword",
                  "username": "taylor@redshift.com", "password": "abc1234"}}""");
    }

    private static List<FieldError> errorsOf(JsonNode body) {
        return errorsOf(body, AS_SENT);
    }

    private static List<FieldError> errorsOf(JsonNode body, SecretValues secrets) {
        return assertThrows(InvalidRequestException.class, () -> IntegrationRequestParser.parse(body, secrets)).errors();
    }

    private static void assertRule(List<FieldError> errors, String field, String rule) {
        assertTrue(errors.stream().anyMatch(error -> error.field().equals(field) && error.rule().equals(rule)),
                "expected " + field + "/" + rule + " in " + errors);
    }

    @Test
    void theSpecsAutomaticSetupExampleIsAcceptedWithDefaults() {
        IntegrationRequest request = IntegrationRequestParser.parse(automaticSetup(), AS_SENT);
        RedshiftConfig config = request.spec().redshift();
        assertEquals(IntegrationType.REDSHIFT, request.spec().type());
        assertTrue(request.spec().autoBootstrap());
        assertEquals(5439, config.port());
        assertEquals("REDSHIFT_SAMPLE_DATA", config.initialDatabase(), "names are kept as written, for GET to give back");
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
        IntegrationRequest request = IntegrationRequestParser.parse(body, AS_SENT);
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
        JsonNode view = IntegrationRequestParser.parse(automaticSetup(), AS_SENT).spec().config().redactedView();
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
    void aDatabaseNamedLikeTheInitialOneAsTheEngineFoldsNamesIsASingleDatabaseSetup() {
        ObjectNode body = automaticSetup();
        ((ObjectNode) body.get("config")).put("database", "Redshift_Sample_Data");
        RedshiftConfig config = IntegrationRequestParser.parse(body, AS_SENT).spec().redshift();
        assertEquals("Redshift_Sample_Data", config.database(), "kept as written");
        assertEquals(Optional.of(DatabaseMode.SINGLE_DATABASE), DatabaseMode.fromNames(config, true));
        assertEquals(Optional.of(DatabaseMode.SINGLE_DATABASE), DatabaseMode.fromNames(config, false));
    }

    @Test
    void distinctNamesLeaveAnAutomaticSetupsModeToValidationAndMakeAManualOneMultiDatabase() {
        RedshiftConfig config = IntegrationRequestParser.parse(automaticSetup(), AS_SENT).spec().redshift();
        assertEquals(Optional.empty(), DatabaseMode.fromNames(config, true));
        assertEquals(Optional.of(DatabaseMode.MULTI_DATABASE), DatabaseMode.fromNames(config, false));
    }

    @Test
    void aManualSetupNamesTheSystemAccountSoItsUserNameMustBeUsableInSql() {
        ObjectNode body = automaticSetup();
        body.put("autoBootstrap", false);
        ((ObjectNode) body.get("config")).put("username", "Taylor@Redshift.com");
        assertEquals("taylor@redshift.com", IntegrationRequestParser.parse(body, AS_SENT).credentials().username());
        ((ObjectNode) body.get("config")).put("username", "taylor\"; DROP USER x; --");
        assertRule(errorsOf(body), "config.username", "pattern");
    }

    @Test
    void deleteCredentialsAreOptionalButCheckedWhenGiven() {
        assertTrue(IntegrationRequestParser.parseDeleteCredentials(null, AS_SENT).isEmpty());
        assertTrue(IntegrationRequestParser.parseDeleteCredentials(Json.read("{}"), AS_SENT).isEmpty());
        assertEquals("pw", IntegrationRequestParser.parseDeleteCredentials(Json.read(
                "{\"authenticationType\": \"userPassword\", \"username\": \"awsuser\", \"password\": \"pw\"}"), AS_SENT).orElseThrow().password());
        List<FieldError> errors = assertThrows(InvalidRequestException.class, () -> IntegrationRequestParser.parseDeleteCredentials(
                Json.read("{\"authenticationType\": \"userPassword\", \"username\": 7}"), AS_SENT)).errors();
        assertRule(errors, "username", "type");
        assertRule(errors, "password", "required");
    }

    @Test
    void everyPasswordFieldIsOpenedBeforeItsRulesApply() {
        ObjectNode body = automaticSetup();
        ((ObjectNode) body.get("config")).put("password", "sealed(opened-Pw1)");
        assertEquals("opened-Pw1", IntegrationRequestParser.parse(body, SEALED).credentials().password());

        ObjectNode okta = (ObjectNode) Json.read("""
                {"type": "Redshift", "autoBootstrap": true, "config": {
                  "host": "organization.aws.amazon.com", "database": "immuta", "initialDatabase": "dev",
                  "authenticationType": "okta",
                  "okta": {"username": "taylor", "password": "sealed(okta-Pw1)", "appId": "Okta",
                           "idpHost": "organization.okta.com", "role": "admin"}}}""");
        assertEquals("okta-Pw1", IntegrationRequestParser.parse(okta, SEALED).credentials().password());
        assertEquals("delete-Pw1", IntegrationRequestParser.parseDeleteCredentials(Json.read(
                "{\"authenticationType\": \"userPassword\", \"username\": \"awsuser\", \"password\": \"sealed(delete-Pw1)\"}"),
                SEALED).orElseThrow().password());

        // the length limit is the secret's: a sealed form longer than it is fine, a secret longer than it is not
        ((ObjectNode) body.get("config")).put("password", "sealed(" + "p".repeat(256) + ")");
        assertEquals(256, IntegrationRequestParser.parse(body, SEALED).credentials().password().length());
        ((ObjectNode) body.get("config")).put("password", "sealed(" + "p".repeat(257) + ")");
        assertRule(errorsOf(body, SEALED), "config.password", "length");
    }

    @Test
    void aSealedPasswordThatDoesNotOpenBreaksTheSealedRuleOfItsField() {
        ObjectNode body = automaticSetup();
        ((ObjectNode) body.get("config")).put("password", "sealed(broken)");
        List<FieldError> errors = errorsOf(body, SEALED);
        assertEquals(List.of(new FieldError("config.password", "sealed", "does not open")), errors);
        assertFalse(assertThrows(InvalidRequestException.class, () -> IntegrationRequestParser.parse(body, SEALED))
                .getMessage().contains("sealed(broken)"), "the message never repeats the value");
    }
}
