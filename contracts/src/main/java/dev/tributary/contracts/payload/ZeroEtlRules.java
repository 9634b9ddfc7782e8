package dev.tributary.contracts.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.contracts.zeroetl.DataFilter;
import dev.tributary.contracts.zeroetl.DataFilterException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules of a zero-ETL config: those of the RDS CreateIntegration action, the data filter grammar, and ours. */
final class ZeroEtlRules {
    static final Pattern INTEGRATION_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*");
    static final Pattern SOURCE_ARN = Pattern.compile(
            "arn:aws[a-z\\-]*:rds(-[a-z]*)?:[a-z0-9\\-]*:[0-9]*:(cluster|db):[a-z][a-z0-9]*(-[a-z0-9]+)*");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]");
    static final Pattern INTEGRATION_ARN = Pattern.compile(
            "arn:aws[a-z\\-]*:rds:[a-z0-9\\-]+:[0-9]{12}:integration:[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
    /** Redshift's bounds of {@code REFRESH_INTERVAL}, in seconds (0 to five days). */
    static final int MAX_REFRESH_INTERVAL = 432_000;
    private static final Set<String> FIELDS = Set.of("integrationName", "sourceArn", "targetArn", "kmsKeyId",
            "additionalEncryptionContext", "dataFilter", "description", "tags", "region", "materialize",
            "integrationArn", "authorizeTarget");
    private static final Set<String> MATERIALIZE_FIELDS = Set.of("host", "port", "database", "initialDatabase",
            "sourceDatabase", "acceptInvChars", "truncateColumns", "refreshInterval", "historyMode", "username", "password");
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    record Parsed(ZeroEtlConfig config, Credentials materializeCredentials) {
    }

    private ZeroEtlRules() {
    }

    static Parsed read(RequestReader reader, JsonNode config) {
        reader.rejectUnknown(config, "config.", FIELDS);
        String adopted = reader.matching(config, "integrationArn", "config.integrationArn", false, 255, INTEGRATION_ARN,
                "must be the ARN of an RDS zero-ETL integration (arn:aws:rds:<region>:<account>:integration:<uuid>)");
        // adopting, the RDS fields come from RDS: a request may leave them out
        boolean created = adopted == null && !config.has("integrationArn");
        String name = reader.matching(config, "integrationName", "config.integrationName", created, 63, INTEGRATION_NAME,
                "must start with a letter and contain letters, digits and single hyphens (RDS IntegrationName)");
        String source = reader.matching(config, "sourceArn", "config.sourceArn", created, 255, SOURCE_ARN,
                "must be the ARN of an RDS cluster or instance (arn:aws:rds:<region>:<account>:cluster|db:<name>)");
        String target = reader.string(config, "targetArn", "config.targetArn", created, 2048);
        if (target != null && target.length() < 20) {
            reader.fail("config.targetArn", "length", "must be 20 to 2048 characters long");
        }
        String kmsKeyId = reader.string(config, "kmsKeyId", "config.kmsKeyId", false, 2048);
        Map<String, String> context = stringMap(reader, config, "additionalEncryptionContext", "config.additionalEncryptionContext");
        if (!context.isEmpty() && kmsKeyId == null) {
            reader.fail("config.additionalEncryptionContext", "requires", "may only be given together with config.kmsKeyId");
        }
        String dataFilter = reader.string(config, "dataFilter", "config.dataFilter", false, DataFilter.MAX_LENGTH);
        if (dataFilter != null) {
            try {
                DataFilter.parse(dataFilter);
            } catch (DataFilterException e) {
                reader.fail("config.dataFilter", "grammar", e.getMessage());
            }
        }
        String description = reader.string(config, "description", "config.description", false, 1000);
        List<ZeroEtlConfig.Tag> tags = tags(reader, config);
        String region = region(reader, config, source != null ? "config.sourceArn" : "config.integrationArn",
                source != null ? source : adopted);
        Boolean authorizeTarget = reader.bool(config, "authorizeTarget", "config.authorizeTarget", false);
        Credentials credentials = null;
        ZeroEtlConfig.Materialize materialize = null;
        JsonNode node = reader.object(config, "materialize", "config.materialize", false);
        if (node != null) {
            reader.rejectUnknown(node, "config.materialize.", MATERIALIZE_FIELDS);
            String host = reader.matching(node, "host", "config.materialize.host", true, 253, HOST,
                    "must be a host name or IPv4 address (letters, digits, hyphens and dots)");
            Integer port = reader.integer(node, "port", "config.materialize.port", 1, 65535);
            String database = identifier(reader, node, "database", true);
            String initialDatabase = identifier(reader, node, "initialDatabase", false);
            String sourceDatabase = identifier(reader, node, "sourceDatabase", false);
            Boolean acceptInvChars = reader.bool(node, "acceptInvChars", "config.materialize.acceptInvChars", false);
            Boolean truncateColumns = reader.bool(node, "truncateColumns", "config.materialize.truncateColumns", false);
            Integer refreshInterval = reader.integer(node, "refreshInterval", "config.materialize.refreshInterval", 0,
                    MAX_REFRESH_INTERVAL);
            Boolean historyMode = reader.bool(node, "historyMode", "config.materialize.historyMode", false);
            credentials = new Credentials(reader.string(node, "username", "config.materialize.username", true, 256),
                    reader.secret(node, "password", "config.materialize.password", true, 256));
            materialize = new ZeroEtlConfig.Materialize(host, port == null ? RedshiftConfig.DEFAULT_PORT : port, database,
                    initialDatabase == null ? "dev" : initialDatabase, sourceDatabase, acceptInvChars, truncateColumns,
                    refreshInterval, historyMode);
        }
        return new Parsed(new ZeroEtlConfig(name, source, target, kmsKeyId, context.isEmpty() ? null : context, dataFilter,
                description, tags.isEmpty() ? null : tags, region, materialize, adopted, Boolean.TRUE.equals(authorizeTarget)),
                credentials);
    }

    /**
     * The region: the one the request names, else the one of the ARN ({@code arnField}) it derives from. A named
     * region that disagrees with the ARN's is refused, naming both.
     */
    private static String region(RequestReader reader, JsonNode config, String arnField, String arn) {
        String named = reader.matching(config, "region", "config.region", false, 32, REGION, "must be an AWS region such as us-east-1");
        String ofArn = arn == null ? null : arn.split(":")[3];
        if (named != null && ofArn != null && !ofArn.isEmpty() && !ofArn.equals(named)) {
            reader.fail("config.region", "matches", "is " + named + " but " + arnField + " is in " + ofArn
                    + "; leave config.region out or make them agree");
        }
        if (named == null && arn != null && (ofArn == null || ofArn.isEmpty())) {
            reader.fail("config.region", "required", "is required when " + arnField + " names no region");
        }
        return named != null ? named : ofArn;
    }

    private static String identifier(RequestReader reader, JsonNode node, String name, boolean required) {
        // kept as written, like the governance config's names; SqlIdentifiers folds them for SQL
        return reader.matching(node, name, "config.materialize." + name, required, SqlIdentifiers.MAX_LENGTH,
                SqlIdentifiers.PATTERN, SqlIdentifiers.RULE);
    }

    private static Map<String, String> stringMap(RequestReader reader, JsonNode config, String name, String path) {
        Map<String, String> map = new LinkedHashMap<>();
        JsonNode node = reader.object(config, name, path, false);
        if (node != null) {
            for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                String value = reader.string(node, key, path + "." + key, true, 1024);
                if (value != null) {
                    map.put(key, value);
                }
            }
        }
        return map;
    }

    private static List<ZeroEtlConfig.Tag> tags(RequestReader reader, JsonNode config) {
        List<ZeroEtlConfig.Tag> tags = new ArrayList<>();
        JsonNode node = config.get("tags");
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isArray()) {
            reader.fail("config.tags", "type", "must be a list of {key, value}");
            return tags;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            String path = "config.tags[" + i + "]";
            if (!tag.isObject()) {
                reader.fail(path, "type", "must be an object {key, value}");
                continue;
            }
            reader.rejectUnknown(tag, path + ".", Set.of("key", "value"));
            String key = reader.string(tag, "key", path + ".key", true, 128);
            String value = reader.string(tag, "value", path + ".value", false, 256);
            if (key != null) {
                tags.add(new ZeroEtlConfig.Tag(key, value));
            }
        }
        return tags;
    }
}
