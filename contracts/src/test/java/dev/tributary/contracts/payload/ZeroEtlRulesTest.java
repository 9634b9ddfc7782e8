package dev.tributary.contracts.payload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tributary.contracts.payload.IntegrationRequestParserTest.AS_SENT;
import static dev.tributary.contracts.payload.IntegrationRequestParserTest.SEALED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The door's rules for zero-ETL configs, after the RDS CreateIntegration action. */
class ZeroEtlRulesTest {

    private static ObjectNode body() {
        return (ObjectNode) Json.read("""
                {"type": "ZeroETL", "autoBootstrap": true, "config": {
                  "integrationName": "my-integration",
                  "sourceArn": "arn:aws:rds:us-east-1:123456789012:cluster:source-db",
                  "targetArn": "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/0844171c-1e01-4d9f-be52-89e6c44083e5",
                  "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/eda7134d-cd39-4af1-b62b-ad2415b6bccc",
                  "additionalEncryptionContext": {"department": "books"},
                  "dataFilter": "include: books.*, exclude: books./.*mystery.*/",
                  "description": "books into the warehouse",
                  "tags": [{"key": "team", "value": "data"}],
                  "region": "us-east-1",
                  "materialize": {"host": "127.0.0.1", "database": "books", "username": "awsuser", "password": "Mat-Passw0rd"}}}""");
    }

    private static ObjectNode config(ObjectNode body) {
        return (ObjectNode) body.get("config");
    }

    private static void assertRule(ObjectNode body, String field, String rule) {
        List<FieldError> errors = assertThrows(InvalidRequestException.class, () -> IntegrationRequestParser.parse(body, AS_SENT)).errors();
        assertTrue(errors.stream().anyMatch(e -> e.field().equals(field) && e.rule().equals(rule)), field + "/" + rule + " in " + errors);
    }

    @Test
    void aFullConfigIsAcceptedAndItsMaterializeCredentialsTravelApart() {
        IntegrationRequest request = IntegrationRequestParser.parse(body(), AS_SENT);
        ZeroEtlConfig config = request.spec().zeroEtl();
        assertEquals("my-integration", config.integrationName());
        assertEquals(5439, config.materialize().port());
        assertEquals("dev", config.materialize().initialDatabase());
        assertEquals("Mat-Passw0rd", request.credentials().password());
        assertFalse(Json.write(request.spec()).contains("Mat-Passw0rd"));
        assertEquals("<REDACTED>", config.redactedView().get("materialize").get("password").asText());
        assertEquals("source arn:aws:rds:us-east-1:123456789012:cluster:source-db and target "
                + config.targetArn(), config.targetDescription());
    }

    @Test
    void theMaterialisationPasswordIsOpenedLikeEveryOtherPassword() {
        ObjectNode body = body();
        ((ObjectNode) body.get("config").get("materialize")).put("password", "sealed(Mat-Passw0rd)");
        assertEquals("Mat-Passw0rd", IntegrationRequestParser.parse(body, SEALED).credentials().password());
    }

    @Test
    void onlyTheRequiredFieldsAreNeeded() {
        IntegrationRequest request = IntegrationRequestParser.parse(Json.read("""
                {"type": "ZeroETL", "autoBootstrap": true, "config": {"integrationName": "a",
                 "sourceArn": "arn:aws:rds:us-east-1:123456789012:db:source-db",
                 "targetArn": "arn:aws:redshift:us-east-1:123456789012:namespace:abc", "region": "us-east-1"}}"""), AS_SENT);
        assertNull(request.credentials());
        assertNull(request.spec().zeroEtl().materialize());
    }

    @Test
    void everyRuleOfTheActionIsChecked() {
        ObjectNode body = body();
        config(body).put("integrationName", "1-starts-with-a-digit");
        assertRule(body, "config.integrationName", "pattern");
        config(body).put("integrationName", "a".repeat(64));
        assertRule(body, "config.integrationName", "length");
        body = body();
        config(body).put("sourceArn", "arn:aws:s3:::bucket");
        assertRule(body, "config.sourceArn", "pattern");
        body = body();
        config(body).put("targetArn", "too-short");
        assertRule(body, "config.targetArn", "length");
        body = body();
        config(body).remove("kmsKeyId");
        assertRule(body, "config.additionalEncryptionContext", "requires");
        body = body();
        config(body).put("dataFilter", "include: books./+bad/");
        assertRule(body, "config.dataFilter", "grammar");
        config(body).put("dataFilter", "include: books.fic;tion");
        assertRule(body, "config.dataFilter", "grammar");
        body = body();
        config(body).put("description", "d".repeat(1001));
        assertRule(body, "config.description", "length");
        body = body();
        config(body).putArray("tags").addObject().put("value", "no key");
        assertRule(body, "config.tags[0].key", "required");
        body = body();
        config(body).put("region", "eu-west-1");
        assertRule(body, "config.region", "matches");
        body = body();
        config(body).remove("integrationName");
        assertRule(body, "config.integrationName", "required");
        body = body();
        body.put("autoBootstrap", false);
        assertRule(body, "autoBootstrap", "value");
    }

    @Test
    void onlyNameFilterAndDescriptionMayChangeOnAnEdit() {
        ZeroEtlConfig before = IntegrationRequestParser.parse(body(), AS_SENT).spec().zeroEtl();
        ObjectNode edited = body();
        config(edited).put("integrationName", "renamed").put("dataFilter", "include: books.fiction").put("description", "x");
        assertEquals(List.of(), before.fixedFieldsChangedIn(IntegrationRequestParser.parse(edited, AS_SENT).spec().zeroEtl()));
        config(edited).put("targetArn", "arn:aws:redshift:us-east-1:123456789012:namespace:other");
        config(edited).putArray("tags");
        assertEquals(List.of("config.targetArn", "config.tags"),
                before.fixedFieldsChangedIn(IntegrationRequestParser.parse(edited, AS_SENT).spec().zeroEtl()));
    }

    @Test
    void theRegionDefaultsToTheOneOfTheSourceArnAndMayOnlyRepeatIt() {
        ObjectNode body = body();
        config(body).remove("region");
        assertEquals("us-east-1", IntegrationRequestParser.parse(body, AS_SENT).spec().zeroEtl().region());
        config(body).put("region", "eu-west-1");
        List<FieldError> errors = assertThrows(InvalidRequestException.class, () -> IntegrationRequestParser.parse(body, AS_SENT)).errors();
        assertEquals("is eu-west-1 but config.sourceArn is in us-east-1; leave config.region out or make them agree",
                errors.stream().filter(e -> e.field().equals("config.region")).findFirst().orElseThrow().message());
    }

    @Test
    void anIntegrationArnAloneAdoptsAndTakesItsRegionFromTheArn() {
        ZeroEtlConfig config = IntegrationRequestParser.parse(Json.read("""
                {"type": "ZeroETL", "config": {
                 "integrationArn": "arn:aws:rds:eu-west-1:123456789012:integration:5b2f0c7a-1e01-4d9f-be52-89e6c44083e5"}}"""),
                AS_SENT).spec().zeroEtl();
        assertTrue(config.adopts());
        assertEquals("eu-west-1", config.region());
        assertNull(config.integrationName());
        ZeroEtlConfig filled = config.withProviderFields("adopted", "arn:aws:rds:eu-west-1:123456789012:cluster:orders",
                "arn:aws:redshift:eu-west-1:123456789012:namespace:abc", null, null, null, null, List.of());
        assertEquals("arn:aws:rds:eu-west-1:123456789012:cluster:orders -> arn:aws:redshift:eu-west-1:123456789012:namespace:abc",
                filled.targetKey());
        assertEquals(config.integrationArn(), filled.integrationArn());
        ObjectNode body = body();
        config(body).put("integrationArn", "arn:aws:rds:us-east-1:123456789012:cluster:not-an-integration");
        assertRule(body, "config.integrationArn", "pattern");
    }

    @Test
    void fieldsAnAdoptionRepeatsMustAgreeWithRds() {
        ZeroEtlConfig provider = IntegrationRequestParser.parse(body(), AS_SENT).spec().zeroEtl();
        ZeroEtlConfig requested = new ZeroEtlConfig("other-name", provider.sourceArn(), null, null, null, null, null, null,
                "us-east-1", null, "arn:aws:rds:us-east-1:123456789012:integration:5b2f0c7a-1e01-4d9f-be52-89e6c44083e5", false);
        assertEquals(List.of("config.integrationName"), requested.disagreementsWith(provider));
    }

    @Test
    void materializeOptionsAreReadAndBounded() {
        ObjectNode body = body();
        ((ObjectNode) config(body).get("materialize")).put("acceptInvChars", true).put("truncateColumns", false)
                .put("refreshInterval", 600).put("historyMode", true).put("sourceDatabase", "books");
        ZeroEtlConfig.Materialize materialize = IntegrationRequestParser.parse(body, AS_SENT).spec().zeroEtl().materialize();
        assertEquals(new ZeroEtlConfig.Materialize("127.0.0.1", 5439, "books", "dev", "books", true, false, 600, true), materialize);
        ((ObjectNode) config(body).get("materialize")).put("refreshInterval", 432_001);
        assertRule(body, "config.materialize.refreshInterval", "range");
        ((ObjectNode) config(body).get("materialize")).put("refreshInterval", 60).put("historyMode", "yes");
        assertRule(body, "config.materialize.historyMode", "type");
    }

    @Test
    void authorizeTargetIsABooleanThatAnEditMayLeaveOut() {
        ObjectNode body = body();
        config(body).put("authorizeTarget", true);
        ZeroEtlConfig authorizing = IntegrationRequestParser.parse(body, AS_SENT).spec().zeroEtl();
        assertTrue(authorizing.authorizeTarget());
        assertEquals(List.of(), authorizing.fixedFieldsChangedIn(IntegrationRequestParser.parse(body(), AS_SENT).spec().zeroEtl()));
        config(body).put("authorizeTarget", "yes");
        assertRule(body, "config.authorizeTarget", "type");
    }
}
