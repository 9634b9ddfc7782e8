package dev.tributary.validation.service;

import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.Parameter;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdict on a source's DB cluster parameter group, per engine, from parameters as RDS describes them. */
class SourceParametersTest {

    private static Map<String, Parameter> group(String engine) {
        Map<String, Parameter> parameters = new HashMap<>();
        SourceParameters.REQUIRED.get(engine).forEach(setting -> put(parameters, setting.name(), setting.value(), "static"));
        return parameters;
    }

    private static void put(Map<String, Parameter> parameters, String name, String value, String applyType) {
        parameters.put(name, Parameter.builder().parameterName(name).parameterValue(value).applyType(applyType)
                .source("user").isModifiable(true).build());
    }

    @Test
    void aGroupWithEveryNeededValuePassesForBothEngines() {
        for (String engine : new String[] {"aurora-mysql", "aurora-postgresql"}) {
            ValidationTest test = SourceParameters.verdict(engine, "source-params", group(engine));
            assertEquals(TestStatus.PASSED, test.status(), engine + ": " + test.message());
        }
    }

    @Test
    void valuesAreComparedWithoutRegardToCase() {
        Map<String, Parameter> parameters = group("aurora-mysql");
        put(parameters, "binlog_format", "row", "static");
        put(parameters, "binlog_row_image", "FULL", "dynamic");
        assertEquals(TestStatus.PASSED, SourceParameters.verdict("aurora-mysql", "source-params", parameters).status());
    }

    @Test
    void eachWrongOrMissingMysqlParameterIsNamedWithTheValueItNeedsAndTheCommandThatSetsIt() {
        Map<String, Parameter> parameters = group("aurora-mysql");
        put(parameters, "binlog_format", "MIXED", "static");
        parameters.remove("aurora_enhanced_binlog");
        ValidationTest test = SourceParameters.verdict("aurora-mysql", "source-params", parameters);
        assertEquals(TestStatus.FAILED, test.status());
        assertTrue(test.message().contains("binlog_format is MIXED (needs ROW)"), test.message());
        assertTrue(test.message().contains("aurora_enhanced_binlog is unset (needs 1)"), test.message());
        assertTrue(test.message().contains("--db-cluster-parameter-group-name source-params"), test.message());
        assertTrue(test.message().contains("ParameterName=binlog_format,ParameterValue=ROW"), test.message());
        assertFalse(test.message().contains("ParameterName=binlog_row_image"), "only what is wrong: " + test.message());
        assertTrue(test.message().contains("binlog_format, aurora_enhanced_binlog take effect only after the writer instance is rebooted"),
                test.message());
    }

    @Test
    void aDynamicParameterNeedsNoReboot() {
        Map<String, Parameter> parameters = group("aurora-postgresql");
        put(parameters, "aurora.logical_replication_backup", "1", "dynamic");
        ValidationTest test = SourceParameters.verdict("aurora-postgresql", "pg-params", parameters);
        assertTrue(test.message().contains("aurora.logical_replication_backup is 1 (needs 0)"), test.message());
        assertFalse(test.message().contains("rebooted"), test.message());
    }

    @Test
    void aPostgresqlSourceWithoutLogicalReplicationFails() {
        Map<String, Parameter> parameters = group("aurora-postgresql");
        put(parameters, "rds.logical_replication", "0", "static");
        ValidationTest test = SourceParameters.verdict("aurora-postgresql", "pg-params", parameters);
        assertEquals(TestStatus.FAILED, test.status());
        assertTrue(test.message().contains("rds.logical_replication is 0 (needs 1)"), test.message());
        assertTrue(test.message().contains("rds.logical_replication takes effect only after the writer instance is rebooted"),
                test.message());
    }

    @Test
    void aDefaultGroupIsToldToBeReplacedByOneOfItsOwn() {
        Map<String, Parameter> parameters = group("aurora-mysql");
        put(parameters, "binlog_format", "OFF", "static");
        ValidationTest test = SourceParameters.verdict("aurora-mysql", "default.aurora-mysql8.0", parameters);
        assertTrue(test.message().contains("default group default.aurora-mysql8.0, which cannot be changed"), test.message());
        assertTrue(test.message().contains("aws rds modify-db-cluster --db-cluster-parameter-group-name"), test.message());
    }
}
