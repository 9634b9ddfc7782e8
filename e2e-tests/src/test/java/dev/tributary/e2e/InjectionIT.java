package dev.tributary.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQL injection through every name and secret a request carries: names are refused at the door, a password is
 * quoted wherever it goes, and afterwards the catalog holds exactly the intended objects.
 */
class InjectionIT extends EndToEndTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String DATABASE = "inj_" + RUN;
    private static final String ACCOUNT = "inj_sys_" + RUN;
    /** Quotes, a statement break, comment markers, a backslash, a dollar quote and unicode, all in one password. */
    static final String HOSTILE_PASSWORD = "P4ss'\"; DROP DATABASE dev; -- /* \\ $$ $x$ \u00e9\u4e2d\uD83D\uDE00";

    @AfterAll
    static void dropWhatTheTestsCreated() throws Exception {
        POSTGRES.dropDatabase(DATABASE);
        POSTGRES.dropRole(ACCOUNT);
    }

    private static ObjectNode manualBody(String database, String account, String role, String password) {
        ObjectNode body = (ObjectNode) Json.read("""
                {"type": "Redshift", "autoBootstrap": false, "config": {"host": "127.0.0.75", "port": %d,
                 "initialDatabase": "dev", "authenticationType": "userPassword"}}""".formatted(system.redshiftPort));
        ObjectNode config = (ObjectNode) body.get("config");
        config.put("database", database).put("username", account).put("password", password);
        config.set("impersonation", role == null ? Json.read("{\"enabled\": false}")
                : Json.MAPPER.createObjectNode().put("enabled", true).put("role", role));
        return body;
    }

    @ParameterizedTest
    @ValueSource(strings = {"x\"; DROP DATABASE dev; --", "x' OR '1'='1", "a/*b*/c", "semi;colon", "back\\slash",
            "new\nline", "\u00e9t\u00e9", "$$dollar$$"})
    void hostileNamesAreRefusedAtTheDoorForEveryNameField(String name) throws Exception {
        List<String> databasesBefore = databases();
        for (String field : List.of("database", "username", "role")) {
            ObjectNode body = manualBody(field.equals("database") ? name : DATABASE, field.equals("username") ? name : ACCOUNT,
                    field.equals("role") ? name : null, "irrelevant");
            for (String path : List.of("/integrations", "/integrations/scripts/create", "/integrations/scripts/initial-create")) {
                Answer refused = http.gateway("POST", path, Json.write(body));
                assertEquals(400, refused.status(), path + " " + field + "=" + name + ": " + refused.body());
                String fieldPath = field.equals("role") ? "config.impersonation.role" : "config." + field;
                assertTrue(refused.body().toString().contains(fieldPath), refused.body().toString());
            }
        }
        assertEquals(databasesBefore, databases(), "nothing ran");
    }

    @Test
    void aHostilePasswordIsQuotedInTheScriptsAndWorksAsThePassword() throws Exception {
        List<String> databasesBefore = databases();
        List<String> rolesBefore = roles();
        String body = Json.write(manualBody(DATABASE, ACCOUNT, null, HOSTILE_PASSWORD));

        system.psql("dev", "awsuser", RedshiftStandIn.DEFAULT_PASSWORD,
                http.gateway("POST", "/integrations/scripts/initial-create?dialect=postgresql", body).text("script"));
        system.psql(DATABASE, "awsuser", RedshiftStandIn.DEFAULT_PASSWORD,
                http.gateway("POST", "/integrations/scripts/create?dialect=postgresql", body).text("script"));

        // exactly one new database and one new account; the rest of the catalog is untouched
        List<String> expectedDatabases = new ArrayList<>(databasesBefore);
        expectedDatabases.add(DATABASE);
        assertEquals(expectedDatabases.stream().sorted().toList(), databases());
        List<String> expectedRoles = new ArrayList<>(rolesBefore);
        expectedRoles.add(ACCOUNT);
        assertEquals(expectedRoles.stream().sorted().toList(), roles());

        // the account signs in with exactly that password, through the Redshift driver and the stand-in
        Properties credentials = new Properties();
        credentials.setProperty("user", ACCOUNT);
        credentials.setProperty("password", HOSTILE_PASSWORD);
        credentials.setProperty("ssl", "false");
        try (Connection connection = DriverManager.getConnection(
                "jdbc:redshift://127.0.0.75:" + system.redshiftPort + "/" + DATABASE, credentials);
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT current_user")) {
            rows.next();
            assertEquals(ACCOUNT, rows.getString(1));
        }

        Answer created = http.gateway("POST", "/integrations", body);
        assertEquals(200, created.status(), created.body().toString());
        assertEquals("passed", created.body().path("validationResults").path("status").asText(), created.body().toString());
    }

    private static List<String> databases() throws Exception {
        return firstColumn("postgres", "SELECT datname FROM pg_database ORDER BY 1");
    }

    private static List<String> roles() throws Exception {
        return firstColumn("postgres", "SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'crash\\_%' AND rolname NOT LIKE 'raced\\_%' ORDER BY 1");
    }
}
