package dev.tributary.sandbox.rds;

import dev.tributary.sandbox.aws.AwsFault;
import dev.tributary.sandbox.aws.QueryProtocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DB cluster parameter groups of the RDS stand-in's source clusters, as DescribeDBClusterParameters answers
 * them: each cluster has its own, {@code <cluster id>-params}, with a selection of its engine's parameters. The
 * ones zero-ETL needs are set as a cluster's owner sets them for it (Source {@code user}): aurora-mysql
 * {@code binlog_format=ROW}, {@code binlog_row_image=full}, {@code aurora_enhanced_binlog=1}, {@code binlog_backup=0},
 * {@code binlog_replication_globaldb=0}; aurora-postgresql {@code rds.logical_replication=1},
 * {@code aurora.enhanced_logical_replication=1}, {@code aurora.logical_replication_backup=0},
 * {@code aurora.logical_replication_globaldb=0}. The others keep the engine's default (Source {@code engine-default}).
 * Not thread-safe: the stand-in's lock guards it.
 */
final class SourceParameters {

    /** A parameter of an engine: its default, and the value a zero-ETL source has (null: the default will do). */
    private record Spec(String name, String engineDefault, String forZeroEtl, String applyType, String dataType,
                        String allowedValues) {
    }

    /** A parameter as a group holds it. */
    record Parameter(Spec spec, String value, String source) {
        String xml() {
            return "<Parameter>" + QueryProtocol.element("ParameterName", spec.name)
                    + QueryProtocol.element("ParameterValue", value) + QueryProtocol.element("Source", source)
                    + QueryProtocol.element("ApplyType", spec.applyType) + QueryProtocol.element("DataType", spec.dataType)
                    + QueryProtocol.element("AllowedValues", spec.allowedValues) + "<IsModifiable>true</IsModifiable>"
                    + QueryProtocol.element("ApplyMethod", spec.applyType.equals("static") ? "pending-reboot" : "immediate")
                    + "</Parameter>";
        }
    }

    private static final List<Spec> AURORA_MYSQL = List.of(
            zeroEtl("aurora_enhanced_binlog", "0", "1", "static", "integer", "0-1"),
            other("aurora_binlog_read_buffer_size", "5242880", "dynamic", "integer", "8192-536870912"),
            other("aurora_binlog_replication_max_yield_seconds", "60", "dynamic", "integer", "0-36000"),
            other("aurora_disable_hash_join", "0", "dynamic", "boolean", "0,1"),
            other("aurora_parallel_query", "0", "dynamic", "boolean", "0,1"),
            other("auto_increment_increment", null, "dynamic", "integer", "1-65535"),
            other("auto_increment_offset", null, "dynamic", "integer", "1-65535"),
            other("autocommit", null, "dynamic", "boolean", "0,1"),
            zeroEtl("binlog_backup", "1", "0", "static", "integer", "0-1"),
            other("binlog_checksum", "NONE", "dynamic", "string", "CRC32,NONE"),
            zeroEtl("binlog_format", "OFF", "ROW", "static", "string", "ROW,STATEMENT,MIXED,OFF"),
            zeroEtl("binlog_replication_globaldb", "1", "0", "static", "integer", "0-1"),
            zeroEtl("binlog_row_image", "full", "full", "dynamic", "string", "full,minimal,noblob"),
            other("binlog_row_metadata", "minimal", "dynamic", "string", "full,minimal"),
            other("binlog_transaction_compression", "OFF", "dynamic", "boolean", "OFF,ON"),
            other("character_set_database", "utf8mb4", "dynamic", "string", "big5,latin1,utf8,utf8mb4"),
            other("character_set_server", null, "dynamic", "string", "big5,latin1,utf8,utf8mb4"),
            other("collation_server", null, "dynamic", "string", "utf8mb4_0900_ai_ci,utf8mb4_bin,latin1_swedish_ci"),
            other("enforce_gtid_consistency", null, "static", "string", "OFF,ON,WARN"),
            other("gtid-mode", "OFF_PERMISSIVE", "static", "string", "OFF,OFF_PERMISSIVE,ON_PERMISSIVE,ON"),
            other("innodb_autoinc_lock_mode", "2", "static", "integer", "0-2"),
            other("lower_case_table_names", null, "static", "integer", "0-1"),
            other("server_audit_logging", "0", "dynamic", "boolean", "0,1"),
            other("sql_mode", null, "dynamic", "list", "ALLOW_INVALID_DATES,ANSI_QUOTES,STRICT_ALL_TABLES,STRICT_TRANS_TABLES"),
            other("time_zone", null, "dynamic", "string", "UTC,US/Eastern,Europe/London"),
            other("tls_version", "TLSv1.2,TLSv1.3", "static", "list", "TLSv1.2,TLSv1.3"));

    private static final List<Spec> AURORA_POSTGRESQL = List.of(
            other("apg_ccm_enabled", "1", "dynamic", "boolean", "0,1"),
            other("apg_plan_mgmt.capture_plan_baselines", "off", "dynamic", "string", "automatic,manual,off"),
            zeroEtl("aurora.enhanced_logical_replication", "0", "1", "static", "boolean", "0,1"),
            zeroEtl("aurora.logical_replication_backup", "1", "0", "static", "boolean", "0,1"),
            zeroEtl("aurora.logical_replication_globaldb", "1", "0", "static", "boolean", "0,1"),
            other("autovacuum", "1", "dynamic", "boolean", "0,1"),
            other("autovacuum_max_workers", "3", "static", "integer", "1-20"),
            other("client_encoding", "UTF8", "dynamic", "string", "UTF8,LATIN1,SQL_ASCII"),
            other("datestyle", "iso, mdy", "dynamic", "string", null),
            other("default_transaction_isolation", "read committed", "dynamic", "string",
                    "serializable,repeatable read,read committed,read uncommitted"),
            other("idle_in_transaction_session_timeout", "86400000", "dynamic", "integer", "0-2147483647"),
            other("log_min_duration_statement", "-1", "dynamic", "integer", "-1-2147483647"),
            other("log_statement", "none", "dynamic", "string", "none,ddl,mod,all"),
            other("max_logical_replication_workers", "4", "static", "integer", "0-262143"),
            other("max_replication_slots", "20", "static", "integer", "5-8192"),
            other("max_wal_senders", "10", "static", "integer", "5-8192"),
            other("max_worker_processes", "8", "static", "integer", "0-262143"),
            other("password_encryption", "scram-sha-256", "dynamic", "string", "md5,scram-sha-256"),
            zeroEtl("rds.logical_replication", "0", "1", "static", "boolean", "0,1"),
            other("rds.force_ssl", "1", "dynamic", "boolean", "0,1"),
            other("shared_preload_libraries", "pg_stat_statements", "static", "list", "auto_explain,pg_cron,pg_stat_statements,pglogical"),
            other("synchronous_commit", "on", "dynamic", "string", "local,on,off"),
            other("timezone", "UTC", "dynamic", "string", null),
            other("track_commit_timestamp", "0", "static", "boolean", "0,1"),
            other("wal_sender_timeout", "60000", "dynamic", "integer", "0-3600000"));

    /** Source cluster ARN → its group's parameters by name. */
    private final Map<String, Map<String, Parameter>> groups = new LinkedHashMap<>();

    private static Spec zeroEtl(String name, String engineDefault, String forZeroEtl, String applyType, String dataType, String allowed) {
        return new Spec(name, engineDefault, forZeroEtl, applyType, dataType, allowed);
    }

    private static Spec other(String name, String engineDefault, String applyType, String dataType, String allowed) {
        return new Spec(name, engineDefault, null, applyType, dataType, allowed);
    }

    /** The group of a source cluster, with its engine's parameters set for zero-ETL. */
    void add(String clusterArn, String engine) {
        Map<String, Parameter> group = new LinkedHashMap<>();
        for (Spec spec : engine.contains("postgres") ? AURORA_POSTGRESQL : AURORA_MYSQL) {
            group.put(spec.name, spec.forZeroEtl == null ? new Parameter(spec, spec.engineDefault, "engine-default")
                    : new Parameter(spec, spec.forZeroEtl, "user"));
        }
        groups.put(clusterArn, group);
    }

    static String groupName(String clusterArn) {
        return clusterArn.substring(clusterArn.lastIndexOf(':') + 1) + "-params";
    }

    /** The parameters of the group named, those of {@code source} ("user", "engine-default", "system") if given. */
    List<Parameter> describe(String groupName, String source) {
        if (source != null && !List.of("user", "engine-default", "system").contains(source)) {
            throw AwsFault.invalid("Source must be one of user, engine-default, system.");
        }
        Map<String, Parameter> group = groups.entrySet().stream().filter(entry -> groupName(entry.getKey()).equals(groupName))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AwsFault("DBParameterGroupNotFound", 404, "DBClusterParameterGroup not found: " + groupName));
        List<Parameter> parameters = new ArrayList<>();
        for (Parameter parameter : group.values()) {
            if (source == null || source.equals(parameter.source)) {
                parameters.add(parameter);
            }
        }
        return parameters;
    }

    /** Sets a parameter of a source cluster's group, as its owner would; {@code value} null: back to the engine's default. */
    Parameter set(String clusterArn, String name, String value) {
        Map<String, Parameter> group = groups.get(clusterArn);
        if (group == null) {
            throw new AwsFault("DBClusterNotFoundFault", 404, "DBCluster " + clusterArn + " not found (parameters belong to the"
                    + " stand-in's source clusters).");
        }
        Parameter parameter = group.get(name);
        if (parameter == null) {
            throw AwsFault.invalid("The parameter " + name + " is not one of " + groupName(clusterArn) + "'s: " + group.keySet() + ".");
        }
        Parameter changed = value == null ? new Parameter(parameter.spec, parameter.spec.engineDefault, "engine-default")
                : new Parameter(parameter.spec, value, "user");
        group.put(name, changed);
        return changed;
    }
}
