package dev.tributary.contracts.governance;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.sql.SqlIdentifiers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.tributary.contracts.sql.ManagedDatabaseSetup.PROFILE_TABLE;
import static dev.tributary.contracts.sql.ManagedDatabaseSetup.SYSTEM_SCHEMA;
import static dev.tributary.contracts.sql.ManagedDatabaseSetup.USER_PROFILE_VIEW;
import static dev.tributary.contracts.sql.SqlIdentifiers.qualified;
import static dev.tributary.contracts.sql.SqlIdentifiers.quote;

/**
 * The SQL of governed data: each user's entitlements in the support tables, and one view per data source that shows
 * a user only the rows the row filters let through, with masked values where a mask applies to them.
 *
 * <p>A user's rows live in {@code immuta_system.profile} (one row: the user has an entry at all),
 * {@code profile_attribute} and {@code profile_group}; the views {@code user_profile}, {@code user_attributes} and
 * {@code user_groups} show the current user's own rows only. A governed view is owned by the system account, so it
 * reads the base table and these tables with the owner's rights while {@code CURRENT_USER} still names the user who
 * queries it; users need SELECT on the view and nothing on the base table.
 */
public final class GovernedViews {
    public static final String ATTRIBUTE_TABLE = "profile_attribute";
    public static final String GROUP_TABLE = "profile_group";
    public static final String USER_ATTRIBUTES_VIEW = "user_attributes";
    public static final String USER_GROUPS_VIEW = "user_groups";
    /**
     * The text type values are compared and masked in. Redshift reads a bare VARCHAR as VARCHAR(256) (Developer Guide,
     * Character types), which would cut longer values; 65535 is its largest.
     */
    private static final String TEXT = "VARCHAR(65535)";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SqlDialect dialect;

    public GovernedViews(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** The entitlement tables beside {@code immuta_system.profile}, and the current user's views of them. */
    public List<String> entitlementObjects() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + qualified(SYSTEM_SCHEMA, ATTRIBUTE_TABLE)
                        + " (user_name VARCHAR(128) NOT NULL, attribute VARCHAR(256) NOT NULL, value VARCHAR(1024) NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + qualified(SYSTEM_SCHEMA, GROUP_TABLE)
                        + " (user_name VARCHAR(128) NOT NULL, group_name VARCHAR(256) NOT NULL)",
                "CREATE OR REPLACE VIEW " + qualified(SYSTEM_SCHEMA, USER_ATTRIBUTES_VIEW) + " AS SELECT attribute, value FROM "
                        + qualified(SYSTEM_SCHEMA, ATTRIBUTE_TABLE) + " WHERE user_name = CURRENT_USER",
                "CREATE OR REPLACE VIEW " + qualified(SYSTEM_SCHEMA, USER_GROUPS_VIEW) + " AS SELECT group_name FROM "
                        + qualified(SYSTEM_SCHEMA, GROUP_TABLE) + " WHERE user_name = CURRENT_USER");
    }

    /**
     * Writes every profile of {@code profiles} (removing the rows of removed users), for one transaction: the
     * {@code write-profile} step.
     */
    public List<String> writeProfiles(List<UserProfile> profiles, Instant at) {
        List<String> statements = new ArrayList<>();
        for (UserProfile profile : profiles) {
            statements.addAll(profile.removed() ? removeProfile(profile.userName())
                    : writeProfile(profile.userName(), profile.entitlements(), at));
        }
        return List.copyOf(statements);
    }

    /**
     * The document a profile row keeps in {@code entitlements}: what a check compares with what the user should have
     * (as JSON trees, so the order of the fields does not matter).
     */
    public static String entitlementsDocument(Entitlements entitlements) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("attributes", entitlements.attributes());
        document.put("groups", entitlements.groups());
        return Json.write(document);
    }

    /** Every user's row as the target holds it: {@code user_name}, {@code entitlements}. */
    public String profilesQuery() {
        return "SELECT user_name, entitlements FROM " + qualified(SYSTEM_SCHEMA, PROFILE_TABLE);
    }

    /**
     * The rows the views enforce, beside the profile's document: {@code user_name}, {@code kind} ({@code attribute} or
     * {@code group}), {@code name}, {@code value} (null for a group).
     */
    public String entitlementRowsQuery() {
        return "SELECT user_name, 'attribute' AS kind, attribute AS name, value FROM " + qualified(SYSTEM_SCHEMA, ATTRIBUTE_TABLE)
                + " UNION ALL SELECT user_name, 'group', group_name, CAST(NULL AS VARCHAR(1024)) FROM " + qualified(SYSTEM_SCHEMA, GROUP_TABLE);
    }

    /**
     * A query that reads no row of the data source's table but fails as reading it would (the table missing, the
     * login without SELECT), and whose result's columns are the table's, in order.
     */
    public String describeQuery(GovernedTable table) {
        return "SELECT * FROM " + baseTable(table) + " AS t WHERE 1 = 0";
    }

    /** PostgreSQL's (and Redshift's) SQLSTATEs for a missing table, a missing schema, and a refused read. */
    private static final List<String> UNDEFINED = List.of("42P01", "3F000");
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** The table's columns in their catalog order, read with {@link #describeQuery}; fails as reading it would. */
    public List<String> readColumns(Connection connection, GovernedTable table) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet none = statement.executeQuery(describeQuery(table))) {
            ResultSetMetaData metadata = none.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int column = 1; column <= metadata.getColumnCount(); column++) {
                columns.add(metadata.getColumnName(column));
            }
            return List.copyOf(columns);
        }
    }

    /**
     * Why {@link #readColumns} failed, for the person who can fix it: the table (or its schema) is missing, the
     * system account lacks the grants (named, to be run), or what the engine said.
     *
     * @param database the database the table was looked for in
     */
    public String readFailure(GovernedTable table, String database, String systemAccount, SQLException failure) {
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        if (UNDEFINED.contains(state)) {
            return "table " + table.name() + " does not exist in database " + database;
        }
        if (state.equals(INSUFFICIENT_PRIVILEGE)) {
            return "the system account " + systemAccount + " cannot read " + table.name() + " in database " + database
                    + ": " + grantsToRead(table, systemAccount);
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage().lines().findFirst().orElse("");
        return "reading table " + table.name() + " in database " + database + " failed: " + message
                + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")");
    }

    /** The view's definition as the engine keeps it ({@code pg_views}, which both engines have); no row when it is gone. */
    public String viewDefinitionQuery(GovernedTable table) {
        return "SELECT definition FROM pg_views WHERE schemaname = " + literal(SqlIdentifiers.catalogName(table.viewSchema()))
                + " AND viewname = " + literal(SqlIdentifiers.catalogName(table.viewName()));
    }

    /**
     * The grants that let {@code systemAccount} read the data source's table, for a message that says what is missing.
     * Redshift grants on another database's objects only while connected to it, so such grants say where to run them.
     */
    public String grantsToRead(GovernedTable table, String systemAccount) {
        String account = SqlIdentifiers.quoteUserName(systemAccount);
        return (table.database() != null ? "connected to database " + table.database() + ", " : "")
                + "GRANT USAGE ON SCHEMA " + quote(table.schema()) + " TO " + account + "; GRANT SELECT ON "
                + qualified(table.schema(), table.table()) + " TO " + account;
    }

    /**
     * Replaces {@code userName}'s rows with {@code entitlements}; meant for one transaction, so that a governed view
     * never sees half of a change. {@code at} is written as a literal, which both engines read the same way.
     */
    public List<String> writeProfile(String userName, Entitlements entitlements, Instant at) {
        String user = literal(SqlIdentifiers.catalogName(userName));
        List<String> statements = new ArrayList<>(removeProfile(userName));
        statements.add("INSERT INTO " + qualified(SYSTEM_SCHEMA, PROFILE_TABLE) + " (user_name, entitlements, updated_at) VALUES ("
                + user + ", " + literal(entitlementsDocument(entitlements)) + ", TIMESTAMP " + literal(TIMESTAMP.format(at)) + ")");
        List<String> attributeRows = new ArrayList<>();
        entitlements.attributes().forEach((attribute, values) -> values.forEach(value ->
                attributeRows.add("(" + user + ", " + literal(attribute) + ", " + literal(value) + ")")));
        if (!attributeRows.isEmpty()) {
            statements.add("INSERT INTO " + qualified(SYSTEM_SCHEMA, ATTRIBUTE_TABLE) + " (user_name, attribute, value) VALUES "
                    + String.join(", ", attributeRows));
        }
        if (!entitlements.groups().isEmpty()) {
            statements.add("INSERT INTO " + qualified(SYSTEM_SCHEMA, GROUP_TABLE) + " (user_name, group_name) VALUES "
                    + entitlements.groups().stream().map(group -> "(" + user + ", " + literal(group) + ")")
                    .collect(Collectors.joining(", ")));
        }
        return List.copyOf(statements);
    }

    /** Removes every row of {@code userName}: afterwards the user sees no row through any governed view. */
    public List<String> removeProfile(String userName) {
        String user = literal(SqlIdentifiers.catalogName(userName));
        return List.of(
                "DELETE FROM " + qualified(SYSTEM_SCHEMA, ATTRIBUTE_TABLE) + " WHERE user_name = " + user,
                "DELETE FROM " + qualified(SYSTEM_SCHEMA, GROUP_TABLE) + " WHERE user_name = " + user,
                "DELETE FROM " + qualified(SYSTEM_SCHEMA, PROFILE_TABLE) + " WHERE user_name = " + user);
    }

    /**
     * (Re)creates the governed view of {@code table} under {@code rules} (those of every policy on the data source,
     * in order), for one transaction. The view is dropped and created rather than replaced: a mask changes a column's
     * type, and CREATE OR REPLACE VIEW keeps column types on both engines (AWS's Redshift Database Developer Guide,
     * CREATE VIEW, OR REPLACE). Dropping loses the view's grants, so they follow.
     *
     * <p>A table in another database (multi-database mode) is named in three parts, which Redshift allows only in a
     * late-binding view: the Developer Guide's "Limitations" of cross-database queries, and CREATE VIEW's
     * {@code WITH NO SCHEMA BINDING}, which needs every name schema-qualified, as they all are here.
     */
    public List<String> createView(GovernedTable table, List<PolicyRule> rules) {
        String view = qualified(table.viewSchema(), table.viewName());
        return List.of(
                "CREATE SCHEMA IF NOT EXISTS " + quote(table.viewSchema()),
                "DROP VIEW IF EXISTS " + view,
                viewStatement(table, rules),
                "GRANT USAGE ON SCHEMA " + quote(table.viewSchema()) + " TO PUBLIC",
                // users without an entry see no row, so the view can be open to every user
                "GRANT SELECT ON " + view + " TO PUBLIC");
    }

    /**
     * The CREATE VIEW statement alone: what a check runs under a throwaway name, in a transaction it rolls back, to
     * learn how the engine keeps the definition the view should have.
     */
    public String viewStatement(GovernedTable table, List<PolicyRule> rules) {
        String view = qualified(table.viewSchema(), table.viewName());
        boolean otherDatabase = table.database() != null;
        if (otherDatabase && dialect != SqlDialect.REDSHIFT) {
            throw new IllegalArgumentException("PostgreSQL cannot read a table of another database; governed views on it"
                    + " need single-database mode");
        }
        List<String> unknown = unknownColumns(table, rules);
        if (!unknown.isEmpty()) {
            throw new UnknownColumnsException(table, unknown);
        }
        StringBuilder select = new StringBuilder("CREATE VIEW ").append(view).append(dialect.governedViewOptions()).append(" AS SELECT ");
        select.append(table.columns().stream().map(column -> column(column, rules)).collect(Collectors.joining(", ")));
        select.append(" FROM ").append(baseTable(table)).append(" AS t WHERE EXISTS (SELECT 1 FROM ")
                .append(qualified(SYSTEM_SCHEMA, USER_PROFILE_VIEW)).append(")");
        for (PolicyRule rule : rules) {
            if (rule instanceof PolicyRule.RowFilter filter) {
                select.append(" AND ").append(rowCondition(filter));
            }
        }
        if (otherDatabase) {
            select.append(" WITH NO SCHEMA BINDING");
        }
        return select.toString();
    }

    /**
     * The columns {@code rules} name that the table does not have: a mask on one would leave the real column clear, so
     * no view is made under such rules. Empty when the table's columns are not known yet.
     */
    public static List<String> unknownColumns(GovernedTable table, List<PolicyRule> rules) {
        if (table.columns() == null || table.columns().isEmpty()) {
            return List.of();
        }
        List<String> named = new ArrayList<>();
        for (PolicyRule rule : rules) {
            if (rule instanceof PolicyRule.Mask mask) {
                named.addAll(mask.columns());
            } else if (rule instanceof PolicyRule.RowFilter filter && filter.column() != null) {
                named.add(filter.column());
            }
        }
        return named.stream().filter(column -> table.columns().stream().noneMatch(c -> SqlIdentifiers.sameName(c, column)))
                .distinct().toList();
    }

    /** Rules that name columns the table lacks; the message says which, and which columns it has. */
    public static final class UnknownColumnsException extends IllegalArgumentException {
        public UnknownColumnsException(GovernedTable table, List<String> unknown) {
            super("a rule names column" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown) + ", which table "
                    + table.name() + " does not have (its columns: " + String.join(", ", table.columns()) + ")");
        }
    }

    private static String baseTable(GovernedTable table) {
        return (table.database() != null ? quote(table.database()) + "." : "") + qualified(table.schema(), table.table());
    }

    public List<String> dropView(GovernedTable table) {
        return List.of("DROP VIEW IF EXISTS " + qualified(table.viewSchema(), table.viewName()));
    }

    /**
     * A column as a user reads it: the first mask that applies to them, or the value. Hash and constant masks read as
     * text, so the value is cast to text beside them, for both branches of the CASE to have one type.
     */
    private String column(String column, List<PolicyRule> rules) {
        String value = "t." + quote(column);
        List<PolicyRule.Mask> masks = rules.stream()
                .filter(rule -> rule instanceof PolicyRule.Mask mask && mask.columns().stream().anyMatch(c -> SqlIdentifiers.sameName(c, column)))
                .map(PolicyRule.Mask.class::cast).toList();
        if (masks.isEmpty()) {
            return value;
        }
        boolean asText = masks.stream().anyMatch(mask -> mask.method() != MaskMethod.NULL);
        String plain = asText ? "CAST(" + value + " AS " + TEXT + ")" : value;
        StringBuilder expression = new StringBuilder("CASE");
        for (PolicyRule.Mask mask : masks) {
            String when = mask.exceptGroups().isEmpty() ? "TRUE" : "NOT " + inAnyGroup(mask.exceptGroups());
            expression.append(" WHEN ").append(when).append(" THEN ").append(masked(mask, plain));
        }
        return expression.append(" ELSE ").append(plain).append(" END AS ").append(quote(column)).toString();
    }

    private String masked(PolicyRule.Mask mask, String text) {
        return switch (mask.method()) {
            case HASH -> dialect.sha256Hex(text);
            case NULL -> "NULL";
            case CONSTANT -> literal(mask.value());
        };
    }

    private String rowCondition(PolicyRule.RowFilter filter) {
        if (filter.matchesAttribute() != null) {
            return "CAST(t." + quote(filter.column()) + " AS " + TEXT + ") IN (SELECT value FROM "
                    + qualified(SYSTEM_SCHEMA, USER_ATTRIBUTES_VIEW) + " WHERE attribute = " + literal(filter.matchesAttribute()) + ")";
        }
        return inAnyGroup(filter.inGroups());
    }

    private String inAnyGroup(List<String> groups) {
        return "EXISTS (SELECT 1 FROM " + qualified(SYSTEM_SCHEMA, USER_GROUPS_VIEW) + " WHERE group_name IN ("
                + groups.stream().map(this::literal).collect(Collectors.joining(", ")) + "))";
    }

    private String literal(String value) {
        return dialect.quoteLiteral(value);
    }
}
