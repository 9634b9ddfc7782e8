package dev.tributary.contracts.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.governance.Entitlements;
import dev.tributary.contracts.governance.MaskMethod;
import dev.tributary.contracts.governance.PolicyRule;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SqlIdentifiers;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The payload rules of the governance API: data sources, users' entitlements and policies. Like
 * {@link IntegrationRequestParser}, every broken rule is reported with its field, and nothing that reaches SQL later
 * (schema, table, column and view names) passes unless it is an identifier.
 */
public final class GovernanceRequestParser {
    private static final Set<String> DATA_SOURCE_FIELDS = Set.of("database", "schema", "table", "viewSchema");
    private static final Set<String> USER_FIELDS = Set.of("attributes", "groups");
    private static final Set<String> POLICY_FIELDS = Set.of("name", "dataSources", "rules");
    private static final Set<String> ROW_FILTER_FIELDS = Set.of("type", "column", "matchesAttribute", "inGroups");
    private static final Set<String> MASK_FIELDS = Set.of("type", "columns", "method", "value", "exceptGroups");
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    private static final String VIEW_SCHEMA_SUFFIX = "_governed";
    static final int MAX_NAME_LENGTH = 256;
    static final int MAX_VALUE_LENGTH = 1024;

    private GovernanceRequestParser() {
    }

    /** A table to register; {@code database} is null when the body names none. */
    public record DataSourceRequest(String database, String schema, String table, String viewSchema) {
    }

    public record PolicyRequest(String name, List<String> dataSources, List<PolicyRule> rules) {
    }

    public static DataSourceRequest dataSource(JsonNode body) {
        RequestReader reader = reader(body);
        reader.rejectUnknown(body, "", DATA_SOURCE_FIELDS);
        String database = identifier(reader, body, "database", false);
        String schema = identifier(reader, body, "schema", true);
        String table = identifier(reader, body, "table", true);
        String viewSchema = identifier(reader, body, "viewSchema", false);
        if (viewSchema == null && schema != null) {
            viewSchema = schema + VIEW_SCHEMA_SUFFIX;
            if (!SqlIdentifiers.isValid(viewSchema)) {
                reader.fail("viewSchema", "required", "is required: " + schema + VIEW_SCHEMA_SUFFIX
                        + " would be longer than " + SqlIdentifiers.MAX_LENGTH + " characters");
            }
        }
        for (String field : List.of("schema", "viewSchema")) {
            String name = field.equals("schema") ? schema : viewSchema;
            if (name != null && reservedSchema(name)) {
                // a view of the support tables would show every user's entitlements to everyone
                reader.fail(field, "reserved", "must not be a support schema (" + String.join(", ", ManagedDatabaseSetup.SUPPORT_SCHEMAS)
                        + ") or a system schema (pg_*, information_schema)");
            }
        }
        if (viewSchema != null && schema != null && SqlIdentifiers.sameName(viewSchema, schema)) {
            reader.fail("viewSchema", "distinct", "must differ from schema: users may not read the table's own schema");
        }
        return done(reader, new DataSourceRequest(database, schema, table, viewSchema));
    }

    private static boolean reservedSchema(String name) {
        String folded = SqlIdentifiers.catalogName(name);
        return ManagedDatabaseSetup.SUPPORT_SCHEMAS.contains(folded) || folded.startsWith("pg_") || folded.equals("information_schema");
    }

    /** The body of {@code PUT /users/{userName}}. */
    public static Entitlements user(JsonNode body) {
        RequestReader reader = reader(body);
        reader.rejectUnknown(body, "", USER_FIELDS);
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        JsonNode node = reader.object(body, "attributes", "attributes", false);
        if (node != null) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String path = "attributes." + name;
                if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
                    reader.fail(path, "pattern", "an attribute name must be 1 to " + MAX_NAME_LENGTH + " characters without control characters");
                    continue;
                }
                List<String> values = reader.strings(node, name, path, false, MAX_VALUE_LENGTH);
                attributes.put(name, values == null ? List.of() : values);
            }
        }
        List<String> groups = reader.strings(body, "groups", "groups", false, MAX_NAME_LENGTH);
        return done(reader, new Entitlements(attributes, groups));
    }

    /** The path parameter {@code userName}: a database user name, as the targets know it. */
    public static String userName(String userName) {
        if (userName == null || userName.length() > SqlIdentifiers.MAX_LENGTH || !SqlIdentifiers.USER_NAME.matcher(userName).matches()) {
            throw new InvalidRequestException(new FieldError("userName", "pattern", SqlIdentifiers.USER_NAME_RULE));
        }
        return userName;
    }

    public static PolicyRequest policy(JsonNode body) {
        RequestReader reader = reader(body);
        reader.rejectUnknown(body, "", POLICY_FIELDS);
        String name = reader.string(body, "name", "name", true, MAX_NAME_LENGTH);
        List<String> dataSources = reader.strings(body, "dataSources", "dataSources", true, 19);
        if (dataSources != null) {
            for (int index = 0; index < dataSources.size(); index++) {
                if (!ID.matcher(dataSources.get(index)).matches()) {
                    reader.fail("dataSources[" + index + "]", "pattern", "must be the id of a data source");
                }
            }
        }
        List<PolicyRule> rules = new ArrayList<>();
        JsonNode ruleNodes = reader.array(body, "rules", "rules", true);
        if (ruleNodes != null) {
            for (int index = 0; index < ruleNodes.size(); index++) {
                PolicyRule rule = rule(reader, ruleNodes.get(index), "rules[" + index + "]");
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        return done(reader, new PolicyRequest(name, dataSources, rules));
    }

    private static PolicyRule rule(RequestReader reader, JsonNode node, String path) {
        if (!node.isObject()) {
            reader.fail(path, "type", "must be an object");
            return null;
        }
        String type = reader.string(node, "type", path + ".type", true, 32);
        if ("rowFilter".equals(type)) {
            reader.rejectUnknown(node, path + ".", ROW_FILTER_FIELDS);
            String attribute = reader.string(node, "matchesAttribute", path + ".matchesAttribute", false, MAX_NAME_LENGTH);
            List<String> groups = reader.strings(node, "inGroups", path + ".inGroups", false, MAX_NAME_LENGTH);
            if ((attribute == null) == (groups == null)) {
                reader.fail(path, "one-of", "a row filter takes exactly one of matchesAttribute and inGroups");
                return null;
            }
            if (groups != null && groups.isEmpty()) {
                reader.fail(path + ".inGroups", "required", "must not be empty");
                return null;
            }
            String column = attribute == null ? null : identifier(reader, node, "column", path + ".column", true);
            if (attribute == null && node.has("column")) {
                reader.fail(path + ".column", "not-allowed", "is not allowed with inGroups: the filter keeps or hides whole rows");
            }
            return new PolicyRule.RowFilter(column, attribute, groups);
        }
        if ("mask".equals(type)) {
            reader.rejectUnknown(node, path + ".", MASK_FIELDS);
            List<String> columns = reader.strings(node, "columns", path + ".columns", true, SqlIdentifiers.MAX_LENGTH);
            if (columns != null) {
                for (int index = 0; index < columns.size(); index++) {
                    if (!SqlIdentifiers.isValid(columns.get(index))) {
                        reader.fail(path + ".columns[" + index + "]", "pattern", SqlIdentifiers.RULE);
                    }
                }
            }
            String methodName = reader.string(node, "method", path + ".method", true, 32);
            MaskMethod method = methodName == null ? null : MaskMethod.find(methodName).orElse(null);
            if (methodName != null && method == null) {
                reader.fail(path + ".method", "enum", "must be one of: " + MaskMethod.wireNames());
            }
            String value = reader.string(node, "value", path + ".value", method == MaskMethod.CONSTANT, MAX_VALUE_LENGTH);
            if (method != null && method != MaskMethod.CONSTANT && node.has("value")) {
                reader.fail(path + ".value", "not-allowed", "is allowed only with method constant");
            }
            List<String> exceptGroups = reader.strings(node, "exceptGroups", path + ".exceptGroups", false, MAX_NAME_LENGTH);
            return new PolicyRule.Mask(columns, method, value, exceptGroups);
        }
        if (type != null) {
            reader.fail(path + ".type", "enum", "must be one of: rowFilter, mask");
        }
        return null;
    }

    private static RequestReader reader(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(new FieldError("body", "type", "must be a JSON or YAML object"));
        }
        // no governance field is a secret
        return new RequestReader(sent -> sent);
    }

    private static <T> T done(RequestReader reader, T parsed) {
        if (!reader.errors().isEmpty()) {
            throw new InvalidRequestException(reader.errors());
        }
        return parsed;
    }

    private static String identifier(RequestReader reader, JsonNode node, String name, boolean required) {
        return identifier(reader, node, name, name, required);
    }

    private static String identifier(RequestReader reader, JsonNode node, String name, String path, boolean required) {
        return reader.matching(node, name, path, required, SqlIdentifiers.MAX_LENGTH, SqlIdentifiers.PATTERN, SqlIdentifiers.RULE);
    }
}
