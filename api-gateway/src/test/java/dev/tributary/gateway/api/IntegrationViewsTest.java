package dev.tributary.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationConfig;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.OktaSettings;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.ProviderError;
import dev.tributary.gateway.persistence.IntegrationRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The answers' exact text, field order included, as the spec's examples show them. Each is written both by the
 * project's own mapper (the Kafka front door) and by a mapper with Jackson's defaults, which include nulls (HTTP
 * answers go through the framework's mapper), so a field that is absent stays absent whichever writes it.
 */
class IntegrationViewsTest {
    /** Jackson's defaults, but for dates, which Quarkus's mapper writes as ISO-8601 text as the project's does. */
    private static final ObjectMapper DEFAULTS = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final RedshiftConfig OKTA = new RedshiftConfig("organization.aws.amazon.com", 5439, "immuta",
            "REDSHIFT_SAMPLE_DATA", new Impersonation(true, null), AuthenticationType.OKTA,
            new OktaSettings("Okta", "organization.okta.com", "admin"));
    private static final RedshiftConfig PASSWORD = new RedshiftConfig("organization.aws.amazon.com", 5439, "immuta",
            "REDSHIFT_SAMPLE_DATA", Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null);
    private static final ZeroEtlConfig ZERO_ETL = new ZeroEtlConfig("orders", "arn:aws:rds:us-east-1:123456789012:cluster:source-db",
            "arn:aws:redshift:us-east-1:123456789012:namespace:target", null, Map.of(), null, "the orders",
            List.of(new ZeroEtlConfig.Tag("team", "data")), "us-east-1",
            new ZeroEtlConfig.Materialize("cluster.example.com", 5439, "orders", "dev", "orders_db"));
    private static final ValidationResults PASSED = ValidationResults.of(Arrays.asList(
            ValidationTest.passed("Initial Validation: Basic Connection Test", Arrays.asList((Object) null)),
            ValidationTest.failed("Validate Automatic Bootstrap: Immuta Database Does Not Exist", "drop it")));

    private static IntegrationRecord record(IntegrationType type, IntegrationConfig config, IntegrationStatus status,
                                            String message, ValidationResults results, String arn, String providerStatus) {
        return record(type, config, status, message, results, arn, providerStatus, null, null);
    }

    private static IntegrationRecord record(IntegrationType type, IntegrationConfig config, IntegrationStatus status,
                                            String message, ValidationResults results, String arn, String providerStatus,
                                            List<ProviderError> providerErrors, Instant providerCreateTime) {
        return new IntegrationRecord(7, new IntegrationSpec(type, true, config), status, message, results, null, null,
                null, null, null, arn, providerStatus, providerErrors, providerCreateTime,
                // an automatic create's mode is decided by its validation: unknown while it is creating
                type == IntegrationType.REDSHIFT && status != IntegrationStatus.CREATING ? DatabaseMode.MULTI_DATABASE : null,
                2, null, null, null, null);
    }

    private static void assertWritten(String expected, Object answer) throws JsonProcessingException {
        assertEquals(expected, Json.write(answer), "as the front door writes it");
        assertEquals(expected, DEFAULTS.writeValueAsString(answer), "as HTTP writes it");
    }

    @Test
    void aRedshiftIntegrationWithOktaShowsItsConfigRedactedInTheSpecsOrder() throws JsonProcessingException {
        assertWritten("{\"id\":\"7\",\"status\":\"enabled\",\"databaseMode\":\"multiDatabase\","
                        + "\"validationResults\":{\"status\":\"failed\",\"validationTests\":["
                        + "{\"name\":\"Initial Validation: Basic Connection Test\",\"status\":\"passed\",\"result\":[null]},"
                        + "{\"name\":\"Validate Automatic Bootstrap: Immuta Database Does Not Exist\",\"status\":\"failed\","
                        + "\"result\":[],\"message\":\"drop it\"}]},"
                        + "\"message\":\"all set\",\"type\":\"Redshift\",\"autoBootstrap\":true,\"config\":{"
                        + "\"host\":\"organization.aws.amazon.com\",\"database\":\"immuta\",\"initialDatabase\":\"REDSHIFT_SAMPLE_DATA\","
                        + "\"port\":5439,\"impersonation\":{\"enabled\":true,\"role\":\"immuta_impersonation\"},"
                        + "\"authenticationType\":\"okta\",\"okta\":{\"username\":\"<REDACTED>\",\"appId\":\"Okta\","
                        + "\"idpHost\":\"organization.okta.com\",\"role\":\"admin\"}},\"supportObjectsVersion\":2}",
                IntegrationViews.full(record(IntegrationType.REDSHIFT, OKTA, IntegrationStatus.ENABLED, "all set", PASSED, null, null)));
    }

    @Test
    void aRedshiftIntegrationWithAPasswordLeavesOutWhatItDoesNotHave() throws JsonProcessingException {
        assertWritten("{\"id\":\"7\",\"status\":\"creating\",\"type\":\"Redshift\",\"autoBootstrap\":true,\"config\":{"
                        + "\"host\":\"organization.aws.amazon.com\",\"database\":\"immuta\",\"initialDatabase\":\"REDSHIFT_SAMPLE_DATA\","
                        + "\"port\":5439,\"impersonation\":{\"enabled\":false},\"authenticationType\":\"userPassword\","
                        + "\"username\":\"<REDACTED>\",\"password\":\"<REDACTED>\"},\"supportObjectsVersion\":2}",
                IntegrationViews.full(record(IntegrationType.REDSHIFT, PASSWORD, IntegrationStatus.CREATING, null, null, null, null)));
    }

    @Test
    void aZeroEtlIntegrationShowsItsProviderAndTheMaterializeCredentialsRedacted() throws JsonProcessingException {
        assertWritten("{\"id\":\"7\",\"status\":\"enabled\",\"type\":\"ZeroETL\",\"autoBootstrap\":true,\"config\":{"
                        + "\"integrationName\":\"orders\",\"sourceArn\":\"arn:aws:rds:us-east-1:123456789012:cluster:source-db\","
                        + "\"targetArn\":\"arn:aws:redshift:us-east-1:123456789012:namespace:target\","
                        + "\"additionalEncryptionContext\":{},\"description\":\"the orders\","
                        + "\"tags\":[{\"key\":\"team\",\"value\":\"data\"}],\"region\":\"us-east-1\","
                        + "\"materialize\":{\"host\":\"cluster.example.com\",\"port\":5439,\"database\":\"orders\","
                        + "\"initialDatabase\":\"dev\",\"sourceDatabase\":\"orders_db\",\"username\":\"<REDACTED>\","
                        + "\"password\":\"<REDACTED>\"}},\"providerStatus\":\"active\",\"integrationArn\":\"arn:aws:rds:x\"}",
                IntegrationViews.full(record(IntegrationType.ZERO_ETL, ZERO_ETL, IntegrationStatus.ENABLED, null, null,
                        "arn:aws:rds:x", "active")));
    }

    @Test
    void aZeroEtlIntegrationInTroubleShowsTheErrorsAndCreateTimeRdsReports() throws JsonProcessingException {
        IntegrationView troubled = IntegrationViews.full(record(IntegrationType.ZERO_ETL, ZERO_ETL,
                IntegrationStatus.RECURRING_VALIDATION_ERROR, "RDS reports needs_attention", null, "arn:aws:rds:x", "needs_attention",
                List.of(new ProviderError("INVALID_BINLOG", "binlog_format is MIXED")), Instant.parse("2026-01-02T03:04:05Z")));
        String json = Json.write(troubled);
        assertEquals(",\"providerStatus\":\"needs_attention\",\"providerErrors\":[{\"code\":\"INVALID_BINLOG\","
                + "\"message\":\"binlog_format is MIXED\"}],\"providerCreateTime\":\"2026-01-02T03:04:05Z\","
                + "\"integrationArn\":\"arn:aws:rds:x\"}", json.substring(json.indexOf(",\"providerStatus\"")));
        assertWritten(json, troubled);

        IntegrationView healthy = IntegrationViews.full(record(IntegrationType.ZERO_ETL, ZERO_ETL, IntegrationStatus.ENABLED,
                null, null, "arn:aws:rds:x", "active", List.of(), null));
        assertTrue(Json.write(healthy).contains("\"providerStatus\":\"active\",\"integrationArn\""), "no errors: none shown");
        assertWritten(Json.write(healthy), healthy);
    }

    @Test
    void theAnswerToAChangeIsTheIdTheStatusAndTheValidationResults() throws JsonProcessingException {
        assertWritten("{\"id\":\"7\",\"status\":\"createError\",\"validationResults\":{\"status\":\"failed\",\"validationTests\":["
                        + "{\"name\":\"Initial Validation: Basic Connection Test\",\"status\":\"passed\",\"result\":[null]},"
                        + "{\"name\":\"Validate Automatic Bootstrap: Immuta Database Does Not Exist\",\"status\":\"failed\","
                        + "\"result\":[],\"message\":\"drop it\"}]},\"message\":\"drop it\"}",
                IntegrationViews.status(record(IntegrationType.REDSHIFT, PASSWORD, IntegrationStatus.CREATE_ERROR, "drop it",
                        PASSED, null, null)));
    }
}
