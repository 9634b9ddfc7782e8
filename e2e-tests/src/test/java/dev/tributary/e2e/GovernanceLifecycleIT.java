package dev.tributary.e2e;

import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every flow of the governance API end to end against the Redshift stand-in: manual setup with the scripts run by
 * psql, automatic edits, deletes both ways, clean-up and the periodic re-validation. Each checks the catalog.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernanceLifecycleIT extends EndToEndTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static final String MANUAL_PASSWORD = "Manual-Passw0rd-e2e";
    private static final String ADMIN_PASSWORD = RedshiftStandIn.DEFAULT_PASSWORD;
    private static String manualId;
    private static String automaticId;

    private static final String MANUAL_DB = "lc_manual_" + RUN;
    private static final String MANUAL_ACCOUNT = "lc_manual_sys_" + RUN;
    private static final String MANUAL_GROUP = "lc_manual_imp_" + RUN;
    private static final String HALF_DB = "lc_half_" + RUN;
    private static final String HALF_ACCOUNT = "lc_half_sys_" + RUN;
    private static final String AUTO_DB = "lc_auto_" + RUN;
    private static final String AUTO_GROUP = "lc_auto_imp_" + RUN;
    private static final String TAKEN_GROUP = "lc_taken_" + RUN;

    @AfterAll
    static void dropWhatTheTestsCreated() throws Exception {
        for (String database : List.of(MANUAL_DB, HALF_DB, AUTO_DB)) {
            POSTGRES.dropDatabase(database);
        }
        for (String role : List.of(MANUAL_ACCOUNT, HALF_ACCOUNT, AUTO_DB + "_system", MANUAL_GROUP, AUTO_GROUP, TAKEN_GROUP)) {
            POSTGRES.dropRole(role);
        }
    }

    private static String manualBody(String host, String database, String account, String group) {
        String impersonation = group == null ? "{\"enabled\": false}" : "{\"enabled\": true, \"role\": \"" + group + "\"}";
        return """
                {"type": "Redshift", "autoBootstrap": false, "config": {"host": "%s", "port": %d, "database": "%s",
                 "initialDatabase": "dev", "impersonation": %s, "authenticationType": "userPassword",
                 "username": "%s", "password": "%s"}}""".formatted(host, system.redshiftPort, database, impersonation, account, MANUAL_PASSWORD);
    }

    private static String automaticBody(String group) {
        String impersonation = group == null ? "{\"enabled\": false}" : "{\"enabled\": true, \"role\": \"" + group + "\"}";
        return """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "127.0.0.33", "port": %d, "database": "%s",
                 "initialDatabase": "dev", "impersonation": %s, "authenticationType": "userPassword",
                 "username": "awsuser", "password": "%s"}}""".formatted(system.redshiftPort, AUTO_DB, impersonation, ADMIN_PASSWORD);
    }

    private static String script(String path, String body) throws Exception {
        Answer answer = http.gateway("POST", path + "?dialect=postgresql", body);
        assertEquals(200, answer.status(), answer.body().toString());
        String script = answer.text("script");
        assertFalse(script.contains(MANUAL_PASSWORD), "a script never holds a password in the clear");
        return script;
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Answer answer = http.gateway("GET", "/integrations/" + id, null);
            return answer.status() == 200 && answer.text("status").equals(status);
        });
    }

    @Test
    @Order(1)
    void aManualSetupRunsTheHandedOutScriptsAndIsEnabledOnceValidated() throws Exception {
        String body = manualBody("127.0.0.31", MANUAL_DB, MANUAL_ACCOUNT, MANUAL_GROUP);
        Answer first = http.gateway("POST", "/integrations/scripts/initial-create?dialect=postgresql", body);
        assertEquals("dev", first.text("database"));
        system.psql("dev", "awsuser", ADMIN_PASSWORD, script("/integrations/scripts/initial-create", body));
        system.psql(MANUAL_DB, "awsuser", ADMIN_PASSWORD, script("/integrations/scripts/create", body));

        Answer created = http.gateway("POST", "/integrations", body);
        assertEquals(200, created.status(), created.body().toString());
        assertEquals("passed", created.body().get("validationResults").get("status").asText(), created.body().toString());
        manualId = created.text("id");
        awaitStatus(manualId, "enabled");

        assertEquals(List.of("immuta_functions", "immuta_procedures", "immuta_system"),
                firstColumn(MANUAL_DB, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'immuta%' ORDER BY 1"));
        assertEquals(List.of("grant_impersonation", "impersonate_user", "revoke_impersonation"), firstColumn(MANUAL_DB,
                "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE nspname = 'immuta_procedures' ORDER BY 1"));
        assertEquals(List.of(MANUAL_GROUP), firstColumn("postgres", "SELECT groname FROM pg_group WHERE groname = '" + MANUAL_GROUP + "'"));
    }

    @Test
    @Order(2)
    void aManualEditRunsTheEditScriptThenIsValidatedAndApplied() throws Exception {
        String body = manualBody("127.0.0.31", MANUAL_DB, MANUAL_ACCOUNT, null);
        Answer edit = http.gateway("POST", "/integrations/" + manualId + "/scripts/edit?dialect=postgresql", body);
        assertEquals(MANUAL_DB, edit.text("database"));
        assertTrue(edit.text("script").contains("DROP PROCEDURE IF EXISTS"), edit.text("script"));
        system.psql(MANUAL_DB, "awsuser", ADMIN_PASSWORD, edit.text("script"));

        Answer put = http.gateway("PUT", "/integrations/" + manualId, body);
        assertEquals("passed", put.body().get("validationResults").get("status").asText(), put.body().toString());
        awaitStatus(manualId, "enabled");
        assertFalse(http.gateway("GET", "/integrations/" + manualId, null).body()
                .get("config").get("impersonation").get("enabled").asBoolean());
        assertEquals(List.of(), firstColumn("postgres", "SELECT groname FROM pg_group WHERE groname = '" + MANUAL_GROUP + "'"));
    }

    @Test
    @Order(3)
    void aManualSetupMissingItsSecondScriptFailsNamingWhatIsMissingAndCleanupRemovesTheRest() throws Exception {
        String body = manualBody("127.0.0.32", HALF_DB, HALF_ACCOUNT, null);
        system.psql("dev", "awsuser", ADMIN_PASSWORD, script("/integrations/scripts/initial-create", body));
        Answer created = http.gateway("POST", "/integrations", body);
        assertEquals("failed", created.body().get("validationResults").get("status").asText());
        String id = created.text("id");
        awaitStatus(id, "createError");
        String message = http.gateway("GET", "/integrations/" + id, null).text("message");
        assertTrue(message.contains("schema immuta_system") && message.contains("/integrations/scripts/create"), message);

        system.psql("dev", "awsuser", ADMIN_PASSWORD, script("/integrations/scripts/cleanup", body));
        assertEquals(List.of(), firstColumn("postgres", "SELECT datname FROM pg_database WHERE datname = '" + HALF_DB + "'"));
        assertEquals(List.of(), firstColumn("postgres", "SELECT rolname FROM pg_roles WHERE rolname = '" + HALF_ACCOUNT + "'"));
    }

    @Test
    @Order(4)
    void anAutomaticEditSwitchesImpersonationOnAndOffAndAFailedOneChangesNothing() throws Exception {
        Answer created = http.gateway("POST", "/integrations", automaticBody(null));
        assertEquals(200, created.status(), created.body().toString());
        automaticId = created.text("id");
        awaitStatus(automaticId, "enabled");

        Answer on = http.gateway("PUT", "/integrations/" + automaticId, automaticBody(AUTO_GROUP));
        assertEquals("editing", on.text("status"), on.body().toString());
        awaitStatus(automaticId, "enabled");
        assertEquals(List.of(AUTO_GROUP), firstColumn("postgres", "SELECT groname FROM pg_group WHERE groname = '" + AUTO_GROUP + "'"));
        assertEquals(3, firstColumn(AUTO_DB, "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE nspname = 'immuta_procedures'").size());
        assertEquals(AUTO_GROUP, http.gateway("GET", "/integrations/" + automaticId, null).body()
                .get("config").get("impersonation").get("role").asText());

        http.gateway("PUT", "/integrations/" + automaticId, automaticBody(null));
        awaitStatus(automaticId, "enabled");
        assertEquals(List.of(), firstColumn("postgres", "SELECT groname FROM pg_group WHERE groname = '" + AUTO_GROUP + "'"));
        assertEquals(List.of(), firstColumn(AUTO_DB, "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE nspname = 'immuta_procedures'"));

        execute("postgres", "CREATE GROUP " + TAKEN_GROUP);
        Answer refused = http.gateway("PUT", "/integrations/" + automaticId, automaticBody(TAKEN_GROUP));
        assertEquals("failed", refused.body().get("validationResults").get("status").asText());
        awaitStatus(automaticId, "editError");
        Answer after = http.gateway("GET", "/integrations/" + automaticId, null);
        assertTrue(after.text("message").contains(TAKEN_GROUP + " already exists"), after.body().toString());
        assertFalse(after.body().get("config").get("impersonation").get("enabled").asBoolean(), "the failed edit left the config as it was");
    }

    @Test
    @Order(5)
    void thePeriodicCheckNoticesABrokenSetupAndItsRepair() throws Exception {
        http.gateway("PUT", "/integrations/" + automaticId, automaticBody(null));
        awaitStatus(automaticId, "enabled");
        execute(AUTO_DB, "DROP VIEW immuta_system.user_profile");
        awaitStatus(automaticId, "recurringValidationError");
        String message = http.gateway("GET", "/integrations/" + automaticId, null).text("message");
        assertTrue(message.contains("immuta_system.user_profile"), message);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "recurringValidationError".equals(http.statusService("/integrations/" + automaticId).text("status")));

        execute(AUTO_DB, "CREATE VIEW immuta_system.user_profile AS SELECT user_name, profile_id, entitlements"
                + " FROM immuta_system.profile WHERE user_name = CURRENT_USER");
        awaitStatus(automaticId, "enabled");
    }

    @Test
    @Order(6)
    void anAutomaticDeleteNeedsThePrivilegedCredentialsAndRemovesEverything() throws Exception {
        Answer refused = http.gateway("DELETE", "/integrations/" + automaticId, null);
        assertEquals(400, refused.status());
        assertEquals("Integrations that are automatically configured require privileged credentials to disable."
                + " Please provide them in your payload.", refused.text("message"));

        Answer deleting = http.gateway("DELETE", "/integrations/" + automaticId,
                "{\"authenticationType\": \"userPassword\", \"username\": \"awsuser\", \"password\": \"" + ADMIN_PASSWORD + "\"}");
        assertEquals(200, deleting.status(), deleting.body().toString());
        assertEquals("passed", deleting.body().get("validationResults").get("status").asText());
        await().atMost(Duration.ofSeconds(60)).until(() -> http.gateway("GET", "/integrations/" + automaticId, null).status() == 404);
        assertEquals("No integration found with ID " + automaticId + ".",
                http.gateway("GET", "/integrations/" + automaticId, null).text("message"));
        assertEquals(List.of(), firstColumn("postgres", "SELECT datname FROM pg_database WHERE datname = '" + AUTO_DB + "'"));
        assertEquals(List.of(), firstColumn("postgres", "SELECT rolname FROM pg_roles WHERE rolname = '" + AUTO_DB + "_system'"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "deleted".equals(http.statusService("/integrations/" + automaticId).text("status")));
    }

    @Test
    @Order(7)
    void aManualDeleteTakesNoCredentialsDeregistersAndTheDeleteScriptRemovesTheResources() throws Exception {
        Answer refused = http.gateway("DELETE", "/integrations/" + manualId,
                "{\"authenticationType\": \"userPassword\", \"username\": \"awsuser\", \"password\": \"x\"}");
        assertEquals(400, refused.status());
        assertTrue(refused.text("message").startsWith("Credentials are not required for disable unless the integration was configured automatically."));

        system.psql("dev", "awsuser", ADMIN_PASSWORD, script("/integrations/" + manualId + "/scripts/delete", null));
        Answer deleted = http.gateway("DELETE", "/integrations/" + manualId, null);
        assertEquals(200, deleted.status(), deleted.body().toString());
        assertEquals("deleted", deleted.text("status"));
        assertEquals(404, http.gateway("GET", "/integrations/" + manualId, null).status());
        assertEquals(List.of(), firstColumn("postgres", "SELECT datname FROM pg_database WHERE datname = '" + MANUAL_DB + "'"));
        assertEquals(List.of(), firstColumn("postgres", "SELECT rolname FROM pg_roles WHERE rolname IN ('" + MANUAL_ACCOUNT + "', '" + MANUAL_GROUP + "')"));
    }
}
