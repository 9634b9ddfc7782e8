package dev.tributary.validation.service;

import dev.tributary.support.rds.AwsFaults;
import dev.tributary.contracts.validation.ValidationTest;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RdsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The preflight test of a zero-ETL source cluster's DB cluster parameter group: the binary log (Aurora MySQL) or
 * logical replication (Aurora PostgreSQL) settings RDS needs, read with DescribeDBClusterParameters. Without them
 * RDS accepts CreateIntegration and the integration fails minutes later; here the message names the group, each
 * parameter with its value and the one needed, and how to change them.
 */
final class SourceParameters {
    static final String TEST = "Validate Zero-ETL: Source Parameters Allow Replication";
    /** DescribeDBClusterParameters' largest page. */
    private static final int PAGE = 100;

    /** A parameter and the value zero-ETL needs in it. */
    record Setting(String name, String value) {
    }

    /** The settings per source engine, as AWS's zero-ETL setup guide lists them for the DB cluster parameter group. */
    static final Map<String, List<Setting>> REQUIRED = Map.of(
            "aurora-mysql", List.of(new Setting("binlog_format", "ROW"), new Setting("binlog_row_image", "full"),
                    new Setting("aurora_enhanced_binlog", "1"), new Setting("binlog_backup", "0"),
                    new Setting("binlog_replication_globaldb", "0")),
            "aurora-postgresql", List.of(new Setting("rds.logical_replication", "1"),
                    new Setting("aurora.enhanced_logical_replication", "1"),
                    new Setting("aurora.logical_replication_backup", "0"),
                    new Setting("aurora.logical_replication_globaldb", "0")));

    private SourceParameters() {
    }

    /** The test for a source cluster of {@code engine} whose DB cluster parameter group is {@code group}. */
    static ValidationTest check(RdsClient rds, String engine, String group) {
        List<Setting> required = REQUIRED.get(engine);
        if (required == null) {
            return ValidationTest.skipped(TEST, "The parameters zero-ETL needs are checked for aurora-mysql and"
                    + " aurora-postgresql clusters; this source's engine is " + engine + ".");
        }
        if (group == null) {
            return ValidationTest.skipped(TEST, "RDS names no DB cluster parameter group for the source.");
        }
        try {
            Map<String, Parameter> found = new HashMap<>();
            for (Parameter parameter : rds.describeDBClusterParametersPaginator(request -> request
                    .dbClusterParameterGroupName(group).maxRecords(PAGE)).parameters()) {
                found.put(parameter.parameterName(), parameter);
            }
            return verdict(engine, group, found);
        } catch (DbParameterGroupNotFoundException e) {
            return ValidationTest.failed(TEST, AwsFaults.describe(e) + " The source's DB cluster parameter group " + group
                    + " cannot be read; check the cluster's parameter group in RDS.");
        } catch (RdsException e) {
            AwsFaults.rethrowIfPassing(e);
            return ValidationTest.failed(TEST, AwsFaults.describe(e) + " (reading the source's DB cluster parameter group "
                    + group + ")");
        }
    }

    /** The verdict on the parameters of {@code group} (by name; a parameter the group lacks counts as unset). */
    static ValidationTest verdict(String engine, String group, Map<String, Parameter> parameters) {
        List<String> wrong = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        List<String> needReboot = new ArrayList<>();
        for (Setting setting : REQUIRED.get(engine)) {
            Parameter parameter = parameters.get(setting.name());
            String value = parameter == null ? null : parameter.parameterValue();
            if (value != null && value.trim().equalsIgnoreCase(setting.value())) {
                continue;
            }
            wrong.add(setting.name() + " is " + (value == null ? "unset" : value) + " (needs " + setting.value() + ")");
            changes.add("ParameterName=" + setting.name() + ",ParameterValue=" + setting.value()
                    + ",ApplyMethod=pending-reboot");
            if (parameter == null || !"dynamic".equalsIgnoreCase(parameter.applyType())) {
                needReboot.add(setting.name());
            }
        }
        if (wrong.isEmpty()) {
            return ValidationTest.passed(TEST, List.of(group));
        }
        // a default group cannot be modified: the cluster needs a custom group of its own
        String where = group.startsWith("default.")
                ? "The cluster uses the default group " + group + ", which cannot be changed: create a DB cluster parameter"
                + " group of its family, set the parameters there, and attach it to the cluster (aws rds modify-db-cluster"
                + " --db-cluster-parameter-group-name <new group>)."
                : "Set them with aws rds modify-db-cluster-parameter-group --db-cluster-parameter-group-name " + group
                + " --parameters " + String.join(" ", changes) + ".";
        String reboot = needReboot.isEmpty() ? "" : " " + String.join(", ", needReboot) + " take"
                + (needReboot.size() == 1 ? "s" : "") + " effect only after the writer instance is rebooted.";
        return ValidationTest.failed(TEST, "The source's DB cluster parameter group " + group + " does not allow zero-ETL"
                + " replication from " + engine + ": " + String.join("; ", wrong) + ". " + where + reboot + " Then try again.");
    }
}
