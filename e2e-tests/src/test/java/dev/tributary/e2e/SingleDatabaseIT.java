package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single-database mode end to end: integrations set up inside existing databases of the Redshift stand-in that hold
 * the user's own schemas and tables, automatically (the database exists, so validation decides the mode) and
 * manually (database equals initialDatabase, the scripts run in it), edited, and deleted. Each step checks the
 * target's catalog: the support schemas and the system account come and go, the user's objects and the database stay.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleDatabaseIT extends EndToEndTest {
    /**
     * The server's databases, less those of test systems (every run's services have their own, and a run elsewhere on
     * the same server may add or drop them meanwhile).
     */
    private static final String SERVER_DATABASES = "SELECT datname FROM pg_database WHERE datname NOT LIKE 'tributary\\_e2e\\_%' ORDER BY 1";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String ADMIN_PASSWORD = RedshiftStandIn.DEFAULT_PASSWORD;
    private static final String MANUAL_PASSWORD = "Single-Passw0rd-e2e";
    private static final String AUTO_DB = "sd_auto_" + RUN;
    private static final String AUTO_GROUP = "sd_auto_imp_" + RUN;
    private static final String MANUAL_DB = "sd_manual_" + RUN;
    private static final String MANUAL_ACCOUNT = "sd_manual_sys_" + RUN;
    private static final String MANUAL_GROUP = "sd_manual_imp_" + RUN;
    private static final String SUPPORT_SCHEMAS = "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'immuta%' ORDER BY 1";
    private static final List<String> ALL_SUPPORT_SCHEMAS = List.of("immuta_functions", "immuta_procedures", "immuta_system");
    private static String automaticId;
    private static String manualId;
    private static List<String> databasesBefore;

    @BeforeAll
    static void makeTheUsersDatabases() throws Exception {
        for (String database : List.of(AUTO_DB, MANUAL_DB)) {
            POSTGRES.createDatabase(database);
            execute(database, "CREATE SCHEMA sales; CREATE TABLE sales.orders (id INT, amount NUMERIC);"
                    + " INSERT INTO sales.orders VALUES (1, 10), (2, 20), (3, 30);"
                    + " CREATE TABLE public.customers (name TEXT); INSERT INTO public.customers VALUES ('ada');"
                    + " CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE amount > 15");
        }
        databasesBefore = firstColumn("postgres", SERVER_DATABASES);
    }

    @AfterAll
    static void dropWhatTheTestsCreated() throws Exception {
        for (String database : List.of(AUTO_DB, MANUAL_DB)) {
            POSTGRES.dropDatabase(database);
        }
        for (String role : List.of(AUTO_DB + "_system", AUTO_GROUP, MANUAL_ACCOUNT, MANUAL_GROUP)) {
            POSTGRES.dropRole(role);
        }
    }

    private static String automaticBody(String group) {
        return """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "127.0.0.41", "port": %d, "database": "%s",
                 "initialDatabase": "dev", "impersonation": %s, "authenticationType": "userPassword",
                 "username": "awsuser", "password": "%s"}}""".formatted(system.redshiftPort, AUTO_DB, impersonation(group), ADMIN_PASSWORD);
    }

    private static String manualBody(String initialDatabase, String group) {
        return """
                {"type": "Redshift", "autoBootstrap": false, "config": {"host": "127.0.0.42", "port": %d, "database": "%s",
                 "initialDatabase": "%s", "impersonation": %s, "authenticationType": "userPassword",
                 "username": "%s", "password": "%s"}}""".formatted(system.redshiftPort, MANUAL_DB, initialDatabase,
                impersonation(group), MANUAL_ACCOUNT, MANUAL_PASSWORD);
    }

    private static String impersonation(String group) {
        return group == null ? "{\"enabled\": false}" : "{\"enabled\": true, \"role\": \"" + group + "\"}";
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Answer answer = http.gateway("GET", "/integrations/" + id, null);
            return answer.status() == 200 && answer.text("status").equals(status);
        });
    }

    /** A script for the stand-in, checked to be meant for {@code database}, to hold no password and no database DDL. */
    private static String script(String path, String body, String database) throws Exception {
        Answer answer = http.gateway("POST", path + "?dialect=postgresql", body);
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals(database, answer.text("database"), path);
        String script = answer.text("script");
        assertFalse(script.contains(MANUAL_PASSWORD), "a script never holds a password in the clear");
        assertFalse(script.contains("CREATE DATABASE") || script.contains("DROP DATABASE") || script.contains("REVOKE ALL"), script);
        return script;
    }

    /** The user's objects, as they were made before any integration. */
    private static void assertTheUsersObjectsAreUntouched(String database) throws Exception {
        assertEquals(List.of("3"), firstColumn(database, "SELECT count(*)::text FROM sales.orders"));
        assertEquals(List.of("ada"), firstColumn(database, "SELECT name FROM public.customers"));
        assertEquals(List.of("2"), firstColumn(database, "SELECT count(*)::text FROM sales.big_orders"));
    }

    private static List<String> roles(String... names) throws Exception {
        return firstColumn("postgres", "SELECT rolname FROM pg_roles WHERE rolname IN ('" + String.join("', '", names) + "') ORDER BY 1");
    }

    private static List<String> validationTestNames(JsonNode validation) {
        List<String> names = new ArrayList<>();
        validation.get("validationTests").forEach(test -> names.add(test.get("name").asText() + "=" + test.get("status").asText()));
        return names;
    }

    @Test
    @Order(1)
    void anAutomaticSetupIntoAnExistingDatabaseAddsOnlyItsSchemasAndAccount() throws Exception {
        Answer created = http.gateway("POST", "/integrations", automaticBody(null));
        assertEquals(200, created.status(), created.body().toString());
        JsonNode validation = created.body().get("validationResults");
        assertEquals("passed", validation.get("status").asText(), validation.toString());
        List<String> tests = validationTestNames(validation);
        assertTrue(tests.contains("Validate Automatic Bootstrap: Immuta Database Does Not Exist=skipped"), tests.toString());
        assertTrue(tests.contains("Validate Automatic Bootstrap: Immuta Schemas Do Not Exist=passed"), tests.toString());
        automaticId = created.text("id");
        awaitStatus(automaticId, "enabled");

        JsonNode integration = http.gateway("GET", "/integrations/" + automaticId, null).body();
        assertEquals("singleDatabase", integration.get("databaseMode").asText(), integration.toString());
        assertEquals(AUTO_DB, integration.get("config").get("database").asText());
        assertFalse(integration.get("config").has("databaseMode"), "the config echo is as it was sent");

        assertEquals(ALL_SUPPORT_SCHEMAS, firstColumn(AUTO_DB, SUPPORT_SCHEMAS));
        assertEquals(List.of(AUTO_DB + "_system"), roles(AUTO_DB + "_system"));
        assertTheUsersObjectsAreUntouched(AUTO_DB);
        assertEquals(databasesBefore, firstColumn("postgres", SERVER_DATABASES), "no new database");
        String acl = firstColumn("postgres", "SELECT datacl::text FROM pg_database WHERE datname = '" + AUTO_DB + "'").get(0);
        assertTrue(acl.startsWith("{=Tc/") || acl.contains(",=Tc/"), "PUBLIC keeps its rights on the database: " + acl);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "singleDatabase".equals(http.statusService("/integrations/" + automaticId).body().path("databaseMode").asText()));
    }

    @Test
    @Order(2)
    void anAutomaticEditSwitchesImpersonationOnInsideTheExistingDatabase() throws Exception {
        Answer edit = http.gateway("PUT", "/integrations/" + automaticId, automaticBody(AUTO_GROUP));
        assertEquals("editing", edit.text("status"), edit.body().toString());
        awaitStatus(automaticId, "enabled");
        assertEquals(List.of(AUTO_GROUP), roles(AUTO_GROUP));
        assertEquals(List.of("grant_impersonation", "impersonate_user", "revoke_impersonation"), firstColumn(AUTO_DB,
                "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE nspname = 'immuta_procedures' ORDER BY 1"));
        assertEquals("singleDatabase", http.gateway("GET", "/integrations/" + automaticId, null).text("databaseMode"));
        assertTheUsersObjectsAreUntouched(AUTO_DB);
    }

    @Test
    @Order(3)
    void anAutomaticDeleteRemovesWhatTheSetupMadeAndLeavesTheDatabaseAndTheUsersObjects() throws Exception {
        Answer deleting = http.gateway("DELETE", "/integrations/" + automaticId,
                "{\"authenticationType\": \"userPassword\", \"username\": \"awsuser\", \"password\": \"" + ADMIN_PASSWORD + "\"}");
        assertEquals(200, deleting.status(), deleting.body().toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> http.gateway("GET", "/integrations/" + automaticId, null).status() == 404);
        assertEquals(List.of(AUTO_DB), firstColumn("postgres", "SELECT datname FROM pg_database WHERE datname = '" + AUTO_DB + "'"));
        assertEquals(List.of(), firstColumn(AUTO_DB, SUPPORT_SCHEMAS));
        assertEquals(List.of(), roles(AUTO_DB + "_system", AUTO_GROUP));
        assertEquals(List.of("public", "sales"), firstColumn(AUTO_DB,
                "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%' AND nspname <> 'information_schema' ORDER BY 1"));
        assertTheUsersObjectsAreUntouched(AUTO_DB);
        String acl = firstColumn("postgres", "SELECT datacl::text FROM pg_database WHERE datname = '" + AUTO_DB + "'").get(0);
        assertFalse(acl.contains(AUTO_DB + "_system"), acl);
    }

    @Test
    @Order(4)
    void aManualSetupWithDatabaseEqualToInitialDatabaseRunsBothScriptsInTheExistingDatabase() throws Exception {
        String body = manualBody(MANUAL_DB, MANUAL_GROUP);
        system.psql(MANUAL_DB, "awsuser", ADMIN_PASSWORD, script("/integrations/scripts/initial-create", body, MANUAL_DB));
        system.psql(MANUAL_DB, "awsuser", ADMIN_PASSWORD, script("/integrations/scripts/create", body, MANUAL_DB));

        Answer created = http.gateway("POST", "/integrations", body);
        assertEquals(200, created.status(), created.body().toString());
        assertEquals("passed", created.body().get("validationResults").get("status").asText(), created.body().toString());
        manualId = created.text("id");
        awaitStatus(manualId, "enabled");
        assertEquals("singleDatabase", http.gateway("GET", "/integrations/" + manualId, null).text("databaseMode"));

        assertEquals(ALL_SUPPORT_SCHEMAS, firstColumn(MANUAL_DB, SUPPORT_SCHEMAS));
        assertEquals(List.of(MANUAL_GROUP, MANUAL_ACCOUNT).stream().sorted().toList(), roles(MANUAL_ACCOUNT, MANUAL_GROUP));
        assertTheUsersObjectsAreUntouched(MANUAL_DB);
        assertEquals(databasesBefore, firstColumn("postgres", SERVER_DATABASES), "no new database");
    }

    @Test
    @Order(5)
    void aManualEditIsAppliedButOneThatWouldLeaveSingleDatabaseModeIsA400() throws Exception {
        String body = manualBody(MANUAL_DB, null);
        system.psql(MANUAL_DB, "awsuser", ADMIN_PASSWORD, script("/integrations/" + manualId + "/scripts/edit", body, MANUAL_DB));
        Answer put = http.gateway("PUT", "/integrations/" + manualId, body);
        assertEquals("passed", put.body().get("validationResults").get("status").asText(), put.body().toString());
        awaitStatus(manualId, "enabled");
        assertEquals(List.of(), roles(MANUAL_GROUP));

        for (String path : List.of("PUT /integrations/" + manualId, "POST /integrations/" + manualId + "/scripts/edit?dialect=postgresql")) {
            String[] request = path.split(" ");
            Answer refused = http.gateway(request[0], request[1], manualBody("dev", null));
            assertEquals(400, refused.status(), refused.body().toString());
            JsonNode error = refused.body().get("errors").get(0);
            assertEquals("config.database", error.get("field").asText());
            assertTrue(error.get("message").asText().contains("would switch this singleDatabase integration to multiDatabase mode"),
                    error.toString());
        }
        assertEquals("enabled", http.gateway("GET", "/integrations/" + manualId, null).text("status"));
    }

    @Test
    @Order(6)
    void theManualDeleteScriptRemovesOnlyWhatTheSetupMadeFromTheExistingDatabase() throws Exception {
        system.psql(MANUAL_DB, "awsuser", ADMIN_PASSWORD, script("/integrations/" + manualId + "/scripts/delete", null, MANUAL_DB));
        Answer deleted = http.gateway("DELETE", "/integrations/" + manualId, null);
        assertEquals(200, deleted.status(), deleted.body().toString());
        assertEquals("deleted", deleted.text("status"));
        assertEquals(List.of(MANUAL_DB), firstColumn("postgres", "SELECT datname FROM pg_database WHERE datname = '" + MANUAL_DB + "'"));
        assertEquals(List.of(), firstColumn(MANUAL_DB, SUPPORT_SCHEMAS));
        assertEquals(List.of(), roles(MANUAL_ACCOUNT, MANUAL_GROUP));
        assertTheUsersObjectsAreUntouched(MANUAL_DB);
        assertEquals(databasesBefore, firstColumn("postgres", SERVER_DATABASES));
    }
}
