package dev.tributary.validation.service;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.TargetPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdicts on a zero-ETL target: its case sensitivity as the Redshift APIs report it, and its resource policy. */
class TargetVerdictsTest {
    private static final String SOURCE = "arn:aws:rds:us-east-1:123456789012:cluster:source-db";
    private static final String TARGET = "arn:aws:redshift:us-east-1:123456789012:namespace:8c3b5a1e-0f0d-4d1c-9c51-2b0a3f6d7e11";

    private static ZeroEtlConfig config(boolean authorizeTarget) {
        return new ZeroEtlConfig("orders", SOURCE, TARGET, null, null, null, null, null, "us-east-1", null, null, authorizeTarget);
    }

    @Test
    void aClusterWithCaseSensitiveIdentifiersPasses() {
        for (String on : new String[] {"true", "on", "TRUE"}) {
            assertEquals(TestStatus.PASSED, TargetChecks.provisionedVerdict("sandbox", "sandbox-params", on).status());
            assertEquals(TestStatus.PASSED, TargetChecks.serverlessVerdict("sandbox-wg", on).status());
        }
    }

    @Test
    void aClusterWithoutThemFailsNamingItsParameterGroupAndTheReboot() {
        ValidationTest test = TargetChecks.provisionedVerdict("sandbox", "sandbox-params", "false");
        assertEquals(TestStatus.FAILED, test.status());
        assertTrue(test.message().startsWith("enable_case_sensitive_identifier is false on the target's cluster sandbox"
                + " (parameter group sandbox-params)"), test.message());
        assertTrue(test.message().contains("aws redshift modify-cluster-parameter-group --parameter-group-name sandbox-params"
                + " --parameters ParameterName=enable_case_sensitive_identifier,ParameterValue=true"), test.message());
        assertTrue(test.message().contains("reboot the cluster sandbox"), test.message());
    }

    @Test
    void aClusterOnTheDefaultParameterGroupIsToldToAttachOneOfItsOwn() {
        ValidationTest test = TargetChecks.provisionedVerdict("sandbox", "default.redshift-2.0", null);
        assertTrue(test.message().contains("unset (false by default)"), test.message());
        assertTrue(test.message().contains("the default parameter group default.redshift-2.0, which cannot be changed"), test.message());
        assertTrue(test.message().contains("aws redshift modify-cluster --cluster-identifier sandbox"), test.message());
    }

    @Test
    void aWorkgroupWithoutThemFailsWithTheCommandThatSetsThem() {
        ValidationTest test = TargetChecks.serverlessVerdict("sandbox-wg", null);
        assertEquals(TestStatus.FAILED, test.status());
        assertTrue(test.message().contains("aws redshift-serverless update-workgroup --workgroup-name sandbox-wg"
                + " --config-parameters parameterKey=enable_case_sensitive_identifier,parameterValue=true"), test.message());
    }

    @Test
    void aTargetWithoutAPolicyFailsWithBothStatementsToAddAndTheOtherWayOut() {
        ValidationTest test = TargetAuthorization.verdict(config(false), null);
        assertEquals(TestStatus.FAILED, test.status());
        TargetPolicy policy = new TargetPolicy(TARGET, SOURCE);
        assertTrue(test.message().contains(TargetPolicy.asDocument(policy.missingFrom(null))), test.message());
        assertTrue(test.message().contains(Json.write(policy.sourceStatement())), test.message());
        assertTrue(test.message().contains(Json.write(policy.principalStatement())), test.message());
        assertTrue(test.message().contains("or set config.authorizeTarget to true"), test.message());
    }

    @Test
    void aPolicyThatAuthorisesOnlyTheSourceAsksOnlyForTheCreator() {
        TargetPolicy policy = new TargetPolicy(TARGET, SOURCE);
        String document = TargetPolicy.asDocument(java.util.List.of(policy.sourceStatement()));
        ValidationTest test = TargetAuthorization.verdict(config(false), document);
        assertEquals(TestStatus.FAILED, test.status());
        assertTrue(test.message().contains(Json.write(policy.principalStatement())), test.message());
        assertFalse(test.message().contains(policy.sourceStatement().get("Sid").asText()), test.message());
    }

    @Test
    void aPolicyWithBothStatementsPasses() {
        String merged = new TargetPolicy(TARGET, SOURCE).mergedInto(null);
        assertEquals(TestStatus.PASSED, TargetAuthorization.verdict(config(false), merged).status());
        assertEquals(TestStatus.PASSED, TargetAuthorization.verdict(config(true), merged).status());
    }

    @Test
    void withAuthorizeTargetAMissingStatementIsSkippedBecauseTheCreateWritesIt() {
        ValidationTest test = TargetAuthorization.verdict(config(true), null);
        assertEquals(TestStatus.SKIPPED, test.status());
        assertTrue(test.message().contains("written before CreateIntegration"), test.message());
    }
}
