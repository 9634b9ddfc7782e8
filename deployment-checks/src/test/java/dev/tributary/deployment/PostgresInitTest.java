package dev.tributary.deployment;

import dev.tributary.sandbox.postgres.LocalPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** deploy/compose/postgres-init.sh gives every service a role of its own, which owns its database and nothing more. */
class PostgresInitTest {
    private static final String SCRIPT = "deploy/compose/postgres-init.sh";
    /** PostgreSQL's code for a connection refused for want of the CONNECT privilege. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static String code() throws Exception {
        // only what runs: the comments explain the script and may well speak of superusers
        return Files.readString(Project.root().resolve(SCRIPT)).lines()
                .filter(line -> !line.strip().startsWith("#") && !line.strip().startsWith("--"))
                .collect(Collectors.joining("\n"));
    }

    private static Matcher single(String code, String regex) {
        Matcher matcher = Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(code);
        assertTrue(matcher.find(), SCRIPT + " has no " + regex);
        int start = matcher.start();
        assertFalse(matcher.find(), SCRIPT + " has more than one " + regex);
        matcher.find(start);
        return matcher;
    }

    @Test
    void theScriptCreatesForEveryServiceARoleWithoutPrivilegesThatOwnsItsOwnDatabaseAlone() throws Exception {
        String code = code();
        Matcher loop = single(code, "for service in ([a-z_ ]+); do");
        assertTrue(code.contains("${TRIBUTARY_DB_PREFIX:-tributary_}"), "the roles are named tributary_<service> by default");
        assertEquals(Project.SERVICES.stream().map(Project::databaseRole).collect(Collectors.toSet()),
                Pattern.compile(" +").splitAsStream(loop.group(1).strip()).map(name -> "tributary_" + name).collect(Collectors.toSet()),
                "the services the script makes a role and a database for");

        Matcher role = single(code, "CREATE ROLE (\\S+) ([^;]*);");
        for (String attribute : List.of("LOGIN", "NOSUPERUSER", "NOCREATEDB", "NOCREATEROLE")) {
            assertTrue(Set.of(role.group(2).toUpperCase().split(" ")).contains(attribute), "the role is created " + attribute);
        }
        Matcher granted = Pattern.compile("(?<![A-Z])(SUPERUSER|CREATEDB|CREATEROLE|REPLICATION|BYPASSRLS)(?![A-Z])",
                Pattern.CASE_INSENSITIVE).matcher(code);
        if (granted.find()) {
            fail(SCRIPT + " gives a role " + granted.group());
        }
        assertFalse(Pattern.compile("\\bGRANT\\b", Pattern.CASE_INSENSITIVE).matcher(code).find(), SCRIPT + " grants a right");

        Matcher database = single(code, "CREATE DATABASE (\\S+) OWNER (\\S+);");
        assertEquals(role.group(1), database.group(1), "each database is named as its role");
        assertEquals(role.group(1), database.group(2), "each role owns its database");
        Matcher revoked = single(code, "REVOKE (ALL|CONNECT) ON DATABASE (\\S+) FROM PUBLIC;");
        assertEquals(role.group(1), revoked.group(2), "PUBLIC may not connect to the services' databases");
    }

    /**
     * Runs the script against the local PostgreSQL, with names no one else uses, as a superuser would run it by
     * hand; the postgres image runs it the same way, with its own socket and superuser.
     */
    @Test
    void aServiceRoleCreatesTablesInItsOwnDatabaseAndCannotConnectToAnotherServicesDatabase() throws Exception {
        LocalPostgres admin = LocalPostgres.fromEnvironment();
        String prefix = "privilege_check_" + randomHex(4) + "_";
        Map<String, String> roles = new LinkedHashMap<>();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String service : Project.SERVICES) {
            roles.put(service, Project.databaseRole(prefix, service));
            passwords.put(service, "it's " + randomHex(8));
        }
        try {
            runScript(admin, prefix, passwords);
            try (Connection connection = admin.connect("postgres");
                 PreparedStatement attributes = connection.prepareStatement("SELECT rolsuper, rolcreatedb, rolcreaterole,"
                         + " rolreplication, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = ?");
                 PreparedStatement owned = connection.prepareStatement(
                         "SELECT datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba WHERE r.rolname = ?")) {
                for (String role : roles.values()) {
                    attributes.setString(1, role);
                    try (ResultSet row = attributes.executeQuery()) {
                        assertTrue(row.next(), "no role " + role);
                        for (int column = 1; column <= 5; column++) {
                            assertFalse(row.getBoolean(column), role + ": " + row.getMetaData().getColumnName(column));
                        }
                        assertTrue(row.getBoolean(6), role + " may log in");
                    }
                    owned.setString(1, role);
                    assertEquals(List.of(role), names(owned), "the databases " + role + " owns");
                }
            }
            for (String service : Project.SERVICES) {
                for (String other : Project.SERVICES) {
                    String url = admin.jdbcUrl(roles.get(other));
                    if (service.equals(other)) {
                        // what Flyway does on the service's first start
                        try (Connection own = DriverManager.getConnection(url, roles.get(service), passwords.get(service));
                             Statement statement = own.createStatement()) {
                            statement.execute("CREATE TABLE first_migration (id bigint PRIMARY KEY)");
                        }
                    } else {
                        SQLException refused = assertThrows(SQLException.class,
                                () -> DriverManager.getConnection(url, roles.get(service), passwords.get(service)).close(),
                                service + " connects to the database of " + other);
                        assertEquals(INSUFFICIENT_PRIVILEGE, refused.getSQLState(), refused.getMessage());
                    }
                }
            }
        } finally {
            dropEverythingNamed(admin, prefix);
        }
    }

    private static void runScript(LocalPostgres admin, String prefix, Map<String, String> passwords) throws Exception {
        Path log = Files.createTempFile("postgres-init", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", Project.root().resolve(SCRIPT).toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("TRIBUTARY_") || name.startsWith("PG") || name.startsWith("POSTGRES_"));
        environment.put("PGHOST", admin.host());
        environment.put("PGPORT", Integer.toString(admin.port()));
        if (!admin.adminPassword().isEmpty()) {
            environment.put("PGPASSWORD", admin.adminPassword());
        }
        environment.put("POSTGRES_USER", admin.adminUser());
        environment.put("POSTGRES_DB", "postgres");
        environment.put("TRIBUTARY_DB_PREFIX", prefix);
        passwords.forEach((service, password) -> environment.put(Project.databasePasswordVariable(service), password));
        Process script = builder.start();
        boolean finished = script.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            script.destroyForcibly();
        }
        assertTrue(finished, SCRIPT + " did not finish:\n" + Files.readString(log));
        assertEquals(0, script.exitValue(), SCRIPT + " failed:\n" + Files.readString(log));
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static List<String> names(PreparedStatement query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    /** Whatever the script made before it stopped, if it did: the prefix is this run's own. */
    private static void dropEverythingNamed(LocalPostgres admin, String prefix) throws SQLException {
        try (Connection connection = admin.connect("postgres");
             PreparedStatement databases = connection.prepareStatement("SELECT datname FROM pg_database WHERE starts_with(datname, ?)");
             PreparedStatement roles = connection.prepareStatement("SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?)");
             Statement statement = connection.createStatement()) {
            databases.setString(1, prefix);
            for (String database : names(databases)) {
                statement.execute("DROP DATABASE \"" + database + "\" WITH (FORCE)");
            }
            roles.setString(1, prefix);
            for (String role : names(roles)) {
                statement.execute("DROP ROLE \"" + role + '"');
            }
        }
    }
}
