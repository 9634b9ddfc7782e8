package dev.tributary.validation.service;

import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.validation.ValidationTest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The permissions the spec asks of the user who sets an integration up or edits it, each read from the engine's own
 * catalog: Redshift's, or PostgreSQL's on the local stand-in. A superuser holds them all.
 */
abstract class SetupPermissions {

    enum Permission {
        CREATE_DATABASE("CREATE DATABASE"),
        CREATE_USER("CREATE USER"),
        REVOKE_ALL_ON_DATABASE("REVOKE ALL PRIVILEGES ON DATABASE"),
        GRANT_TEMP_ON_DATABASE("GRANT TEMP ON DATABASE"),
        MANAGE_GRANTS("MANAGE GRANTS");

        final String label;

        Permission(String label) {
            this.label = label;
        }
    }

    private static final Set<Permission> ON_DATABASE = EnumSet.of(Permission.REVOKE_ALL_ON_DATABASE, Permission.GRANT_TEMP_ON_DATABASE);

    /** What the catalog says the current user holds. */
    record Held(String user, boolean superuser, Set<Permission> permissions) {
    }

    static SetupPermissions of(SqlDialect dialect) {
        return dialect == SqlDialect.REDSHIFT ? new Redshift() : new Postgresql();
    }

    /**
     * Reads the current user's permissions. The database ones are read on {@code database} when it exists; when the
     * setup is about to create it, its creator will own it, which {@link #judge} takes into account.
     */
    abstract Held read(Connection connection, String database, boolean databaseExists) throws SQLException;

    /** How to give {@code user} the permission, in the engine's own statements. */
    abstract String howToGrant(Permission permission, String user, String database);

    /**
     * The verdict: each permission the setup needs in {@code mode} that is missing is named, with how to grant it.
     * Single-database mode needs neither CREATE DATABASE nor REVOKE ALL PRIVILEGES ON DATABASE (it creates no database
     * and revokes nothing on the existing one); the result says so.
     */
    static ValidationTest judge(String name, Held held, SqlDialect dialect, RedshiftConfig config, DatabaseMode mode,
                                boolean databaseExists) {
        Set<Permission> needed = EnumSet.allOf(Permission.class);
        List<Object> notes = new ArrayList<>();
        if (mode == DatabaseMode.SINGLE_DATABASE) {
            needed.removeAll(List.of(Permission.CREATE_DATABASE, Permission.REVOKE_ALL_ON_DATABASE));
            notes.add("Single-database mode: CREATE DATABASE and REVOKE ALL PRIVILEGES ON DATABASE are not needed;"
                    + " no database is created and nothing is revoked on " + config.database() + ".");
        }
        if (held.superuser()) {
            List<Object> result = new ArrayList<>(List.of(held.user() + " is a superuser."));
            result.addAll(notes);
            return ValidationTest.passed(name, result);
        }
        Set<Permission> has = EnumSet.noneOf(Permission.class);
        has.addAll(held.permissions());
        if (!databaseExists && mode != DatabaseMode.SINGLE_DATABASE && has.contains(Permission.CREATE_DATABASE)) {
            // whoever creates a database owns it, and an owner may revoke and grant every right on it
            has.addAll(ON_DATABASE);
            notes.add("REVOKE ALL PRIVILEGES ON DATABASE and GRANT TEMP ON DATABASE come with owning the database"
                    + " the setup creates.");
        }
        List<Permission> missing = needed.stream().filter(permission -> !has.contains(permission)).toList();
        if (missing.isEmpty()) {
            List<Object> result = new ArrayList<>(needed.stream().map(permission -> permission.label).toList());
            result.addAll(notes);
            return ValidationTest.passed(name, result);
        }
        SetupPermissions engine = of(dialect);
        boolean toBeCreated = !databaseExists && mode != DatabaseMode.SINGLE_DATABASE;
        String fixes = missing.stream()
                .map(permission -> permission.label + " (" + (toBeCreated && ON_DATABASE.contains(permission)
                        ? "comes with owning the database the setup creates, so with CREATE DATABASE"
                        : engine.howToGrant(permission, held.user(), config.database())) + ")")
                .collect(Collectors.joining("; "));
        return ValidationTest.failed(name, "User " + held.user() + " lacks " + missing.size() + " of the permissions the"
                + " setup needs: " + missing.stream().map(permission -> permission.label).collect(Collectors.joining(", "))
                + ". Use a superuser, or grant them: " + fixes + "."
                + (notes.isEmpty() ? "" : " " + notes.stream().map(Object::toString).collect(Collectors.joining(" "))));
    }

    static boolean returnsRow(Connection connection, String sql, String... parameters) throws SQLException {
        return RedshiftValidator.exists(connection, sql, parameters);
    }

    private static boolean[] flags(Connection connection, String sql, int count) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            boolean[] flags = new boolean[count + 1];
            if (rows.next()) {
                flags[0] = true;
                for (int i = 1; i <= count; i++) {
                    flags[i] = rows.getBoolean(i);
                }
            }
            return flags;
        }
    }

    private static String currentUser(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT current_user"); ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    /**
     * Amazon Redshift, from AWS's Database Developer Guide:
     * <ul>
     * <li>superuser and CREATE DATABASE: PG_USER's {@code usesuper} and {@code usecreatedb} ("Creating, altering, and
     *     deleting users"; CREATE USER's CREATEDB option);</li>
     * <li>CREATE USER: a system permission, granted to the user or to a role the user holds ("System permissions for
     *     RBAC"), as SVV_SYSTEM_PRIVILEGES lists them (one row per permission and identity) and USER_IS_MEMBER_OF
     *     tells role membership, nested roles included;</li>
     * <li>REVOKE ALL PRIVILEGES ON DATABASE: the database's owner (PG_DATABASE's {@code datdba}); GRANT TEMP ON
     *     DATABASE: the owner, or TEMP and CREATE with the grant option (SVV_DATABASE_PRIVILEGES,
     *     {@code admin_option});</li>
     * <li>MANAGE GRANTS: Redshift has no single "manage grants" permission (MANAGE GRANTS ON ACCOUNT is
     *     Snowflake's). The one grant of the setup on an object it neither creates nor owns is USAGE ON LANGUAGE
     *     plpythonu to the system account, so it is read as holding that with the grant option
     *     (SVV_LANGUAGE_PRIVILEGES, {@code admin_option}).</li>
     * </ul>
     */
    static final class Redshift extends SetupPermissions {
        @Override
        Held read(Connection connection, String database, boolean databaseExists) throws SQLException {
            String user = currentUser(connection);
            boolean[] flags = flags(connection, "SELECT usesuper, usecreatedb FROM pg_user WHERE usename = current_user", 2);
            Set<Permission> held = EnumSet.noneOf(Permission.class);
            if (flags[0] && flags[2]) {
                held.add(Permission.CREATE_DATABASE);
            }
            if (returnsRow(connection, "SELECT 1 FROM svv_system_privileges WHERE system_privilege = 'CREATE USER'"
                    + " AND ((identity_type = 'user' AND identity_name = current_user)"
                    + " OR (identity_type = 'role' AND user_is_member_of(current_user, identity_name)))")) {
                held.add(Permission.CREATE_USER);
            }
            if (returnsRow(connection, "SELECT 1 FROM svv_language_privileges WHERE language_name = 'plpythonu'"
                    + " AND privilege_type = 'USAGE' AND identity_type = 'user' AND identity_name = current_user AND admin_option")) {
                held.add(Permission.MANAGE_GRANTS);
            }
            if (databaseExists) {
                boolean owner = returnsRow(connection, "SELECT 1 FROM pg_database d JOIN pg_user u ON u.usesysid = d.datdba"
                        + " WHERE d.datname = ? AND u.usename = current_user", database);
                if (owner) {
                    held.add(Permission.REVOKE_ALL_ON_DATABASE);
                }
                if (owner || grantable(connection, database, "CREATE") && (grantable(connection, database, "TEMP")
                        || grantable(connection, database, "TEMPORARY"))) {
                    held.add(Permission.GRANT_TEMP_ON_DATABASE);
                }
            }
            return new Held(user, flags[0] && flags[1], held);
        }

        private static boolean grantable(Connection connection, String database, String privilege) throws SQLException {
            return returnsRow(connection, "SELECT 1 FROM svv_database_privileges WHERE database_name = ?"
                    + " AND privilege_scope = 'DATABASE' AND privilege_type = ? AND identity_type = 'user'"
                    + " AND identity_name = current_user AND admin_option", database, privilege);
        }

        @Override
        String howToGrant(Permission permission, String user, String database) {
            return switch (permission) {
                case CREATE_DATABASE -> "ALTER USER \"" + user + "\" CREATEDB";
                case CREATE_USER -> "GRANT CREATE USER TO ROLE <role>, then GRANT ROLE <role> TO \"" + user + "\"";
                case REVOKE_ALL_ON_DATABASE -> "ALTER DATABASE \"" + database + "\" OWNER TO \"" + user + "\"";
                case GRANT_TEMP_ON_DATABASE -> "GRANT CREATE, TEMP ON DATABASE \"" + database + "\" TO \"" + user
                        + "\" WITH GRANT OPTION, or make it the database's owner";
                case MANAGE_GRANTS -> "GRANT USAGE ON LANGUAGE plpythonu TO \"" + user + "\" WITH GRANT OPTION";
            };
        }
    }

    /**
     * PostgreSQL (the local stand-in), from its System Catalogs and System Information Functions chapters:
     * superuser, CREATE DATABASE and CREATE USER are pg_roles' {@code rolsuper}, {@code rolcreatedb} and
     * {@code rolcreaterole}; CREATEROLE is also what lets a role add users to groups and take them out (PostgreSQL 15),
     * which the impersonation procedures do with the setup user's rights, so it stands for MANAGE GRANTS too.
     * REVOKE ALL on a database needs its owner (the grantor of PUBLIC's rights), GRANT TEMP the owner or the grant
     * option on what the setup grants there ({@code has_database_privilege(…, 'TEMP WITH GRANT OPTION')}).
     */
    static final class Postgresql extends SetupPermissions {
        @Override
        Held read(Connection connection, String database, boolean databaseExists) throws SQLException {
            String user = currentUser(connection);
            boolean[] flags = flags(connection,
                    "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user", 3);
            Set<Permission> held = EnumSet.noneOf(Permission.class);
            if (flags[2]) {
                held.add(Permission.CREATE_DATABASE);
            }
            if (flags[3]) {
                held.addAll(List.of(Permission.CREATE_USER, Permission.MANAGE_GRANTS));
            }
            if (databaseExists) {
                if (returnsRow(connection, "SELECT 1 FROM pg_database WHERE datname = ?"
                        + " AND pg_has_role(current_user, datdba, 'MEMBER')", database)) {
                    held.add(Permission.REVOKE_ALL_ON_DATABASE);
                }
                if (returnsRow(connection, "SELECT 1 WHERE has_database_privilege(current_user, ?, 'CONNECT WITH GRANT OPTION')"
                        + " AND has_database_privilege(current_user, ?, 'CREATE WITH GRANT OPTION')"
                        + " AND has_database_privilege(current_user, ?, 'TEMP WITH GRANT OPTION')", database, database, database)) {
                    held.add(Permission.GRANT_TEMP_ON_DATABASE);
                }
            }
            return new Held(user, flags[0] && flags[1], held);
        }

        @Override
        String howToGrant(Permission permission, String user, String database) {
            return switch (permission) {
                case CREATE_DATABASE -> "ALTER ROLE \"" + user + "\" CREATEDB";
                case CREATE_USER, MANAGE_GRANTS -> "ALTER ROLE \"" + user + "\" CREATEROLE";
                case REVOKE_ALL_ON_DATABASE -> "ALTER DATABASE \"" + database + "\" OWNER TO \"" + user + "\"";
                case GRANT_TEMP_ON_DATABASE -> "GRANT CONNECT, CREATE, TEMP ON DATABASE \"" + database + "\" TO \"" + user
                        + "\" WITH GRANT OPTION, or make it the database's owner";
            };
        }
    }
}
