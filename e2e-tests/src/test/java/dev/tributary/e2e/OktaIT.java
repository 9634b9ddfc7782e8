package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.kafka.KafkaBroker;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.testing.TopicRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * The spec's Okta examples end to end: the services sign in through the unmodified Redshift driver's Okta plugin,
 * across the Okta, STS and Redshift-API stand-ins, into the Redshift stand-in as the assertion's DbUser. Automatic
 * setup with impersonation, the periodic re-check (as the system account, on its password), edit and delete; a
 * manual setup whose system user is the Okta identity; and the four ways a sign-in fails, each naming its hop.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OktaIT extends EndToEndTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String AUTO_DB = "okta_auto_" + RUN;
    private static final String AUTO_GROUP = "okta_imp_" + RUN;
    private static final String AUTO_HOST = "127.0.0.61";
    private static final String MANUAL_DB = "okta_manual_" + RUN;
    private static final String MANUAL_HOST = "127.0.0.62";
    private static String automaticId;
    private static String manualId;

    /** The Okta service identity's database user is cluster-wide: one left by an earlier run would fail the script. */
    @BeforeAll
    static void startWithoutTheServiceIdentitysUser() throws Exception {
        execute("postgres", "DROP ROLE IF EXISTS \"" + RunningSystem.OKTA_SERVICE + "\"");
    }

    @AfterAll
    static void dropWhatTheTestsCreated() throws Exception {
        for (String database : List.of(AUTO_DB, MANUAL_DB)) {
            POSTGRES.dropDatabase(database);
        }
        for (String role : List.of(AUTO_DB + "_system", AUTO_GROUP, AUTO_GROUP + "_m")) {
            POSTGRES.dropRole(role);
        }
        execute("postgres", "DROP ROLE IF EXISTS \"" + RunningSystem.OKTA_SERVICE + "\"");
    }

    /**
     * Creates (or registers) an integration: the answer comes after validation, or as 202 when validation takes longer
     * than the gateway waits (the first Okta sign-in of a worker loads the AWS SDK); its results are then read back.
     */
    private static Answer create(String body) throws Exception {
        Answer created = http.gateway("POST", "/integrations", body);
        assertTrue(created.status() == 200 || created.status() == 202, created.body().toString());
        String id = created.text("id");
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            JsonNode results = http.gateway("GET", "/integrations/" + id, null).body().get("validationResults");
            return results != null && !results.isNull() && results.has("status");
        });
        return http.gateway("GET", "/integrations/" + id, null);
    }

    /** The spec's automatic Okta body, on the stand-ins: idpHost 127.0.0.1 (the launcher sets the Okta port). */
    private static String automaticBody(String host, String database, String group, String password, String appId,
                                        String idpHost, String role) {
        String impersonation = group == null ? "{\"enabled\": false}" : "{\"enabled\": true, \"role\": \"" + group + "\"}";
        return """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s", "port": %d, "database": "%s",
                 "initialDatabase": "dev", "impersonation": %s, "authenticationType": "okta",
                 "okta": {"username": "%s", "password": "%s", "appId": "%s", "idpHost": "%s", "role": "%s"}}}"""
                .formatted(host, system.redshiftPort, database, impersonation, RunningSystem.OKTA_ADMIN, password, appId, idpHost, role);
    }

    private static String automaticBody(String group) {
        return automaticBody(AUTO_HOST, AUTO_DB, group, RunningSystem.OKTA_ADMIN_PASSWORD, "Okta", "127.0.0.1", "admin");
    }

    private static String manualBody() {
        return """
                {"type": "Redshift", "autoBootstrap": false, "config": {"host": "%s", "port": %d, "database": "%s",
                 "initialDatabase": "dev", "impersonation": {"enabled": true, "role": "%s"}, "authenticationType": "okta",
                 "okta": {"username": "%s", "password": "%s", "appId": "Okta", "idpHost": "127.0.0.1", "role": "analyst"}}}"""
                .formatted(MANUAL_HOST, system.redshiftPort, MANUAL_DB, AUTO_GROUP + "_m", RunningSystem.OKTA_SERVICE,
                        RunningSystem.OKTA_SERVICE_PASSWORD);
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            Answer answer = http.gateway("GET", "/integrations/" + id, null);
            return answer.status() == 200 && answer.text("status").equals(status);
        });
    }

    /** The events of one integration on the events topic, as envelopes. */
    private static List<JsonNode> events(String id, String type) {
        return TopicRecords.readAll(system.bootstrapServers(), Topics.EVENTS).stream()
                .filter(record -> id.equals(record.key())).map(record -> Json.read(record.value()))
                .filter(envelope -> type.equals(envelope.path("type").asText())).toList();
    }

    private static List<String> roles(String name) throws Exception {
        return firstColumn("postgres", "SELECT rolname FROM pg_roles WHERE rolname = '" + name + "'");
    }

    @Test
    @Order(1)
    void anAutomaticOktaSetupSignsInThroughOktaAndBuildsTheManagedDatabase() throws Exception {
        Answer created = create(automaticBody(AUTO_GROUP));
        assertEquals("passed", created.body().get("validationResults").get("status").asText(), created.body().toString());
        automaticId = created.text("id");
        awaitStatus(automaticId, "enabled");

        assertEquals(List.of(AUTO_DB), firstColumn("postgres", "SELECT datname FROM pg_database WHERE datname = '" + AUTO_DB + "'"));
        assertEquals(List.of("immuta_functions", "immuta_procedures", "immuta_system"),
                firstColumn(AUTO_DB, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'immuta%' ORDER BY 1"));
        assertEquals(List.of(AUTO_DB + "_system"), roles(AUTO_DB + "_system"));
        assertEquals(List.of(AUTO_GROUP), firstColumn("postgres", "SELECT groname FROM pg_group WHERE groname = '" + AUTO_GROUP + "'"));
        // the setup ran as the assertion's DbUser, signed in on a temporary password, with its DbGroups
        assertEquals(List.of(RunningSystem.OKTA_ADMIN_DB_USER), firstColumn("postgres", "SELECT pg_get_userbyid(datdba)"
                + " FROM pg_database WHERE datname = '" + AUTO_DB + "'"));
        assertEquals(List.of("okta_admins"), firstColumn("postgres", "SELECT g.rolname FROM pg_auth_members m"
                + " JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = '"
                + RunningSystem.OKTA_ADMIN_DB_USER + "'"));
        assertEquals(1, events(automaticId, MessageTypes.OPERATION_SUCCEEDED).size());
        String redacted = http.gateway("GET", "/integrations/" + automaticId, null).body().get("config").toString();
        assertFalse(redacted.contains(RunningSystem.OKTA_ADMIN_PASSWORD), redacted);
    }

    @Test
    @Order(2)
    void thePeriodicReCheckSignsInAsTheSystemAccountWithItsPasswordAndStaysEnabled() throws Exception {
        // a re-check through the Okta plugin with the system account would be refused by Okta (HTTP 401)
        await().atMost(Duration.ofSeconds(60)).until(() -> events(automaticId, MessageTypes.REVALIDATION_COMPLETED).size() >= 2);
        for (JsonNode check : events(automaticId, MessageTypes.REVALIDATION_COMPLETED)) {
            assertEquals("passed", check.path("payload").path("validationResults").path("status").asText(), check.toString());
        }
        assertEquals("enabled", http.gateway("GET", "/integrations/" + automaticId, null).text("status"));
    }

    @Test
    @Order(3)
    void anAutomaticOktaEditSwitchesImpersonationOff() throws Exception {
        Answer edit = http.gateway("PUT", "/integrations/" + automaticId, automaticBody(null));
        assertEquals("editing", edit.text("status"), edit.body().toString());
        awaitStatus(automaticId, "enabled");
        assertEquals(List.of(), firstColumn("postgres", "SELECT groname FROM pg_group WHERE groname = '" + AUTO_GROUP + "'"));
        assertEquals(List.of(), firstColumn(AUTO_DB, "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE nspname = 'immuta_procedures'"));
    }

    @Test
    @Order(4)
    void anAutomaticOktaDeleteSignsInThroughOktaAndRemovesEverything() throws Exception {
        Answer deleting = http.gateway("DELETE", "/integrations/" + automaticId, """
                {"authenticationType": "okta", "okta": {"username": "%s", "password": "%s"}}"""
                .formatted(RunningSystem.OKTA_ADMIN, RunningSystem.OKTA_ADMIN_PASSWORD));
        assertEquals(200, deleting.status(), deleting.body().toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> http.gateway("GET", "/integrations/" + automaticId, null).status() == 404);
        assertEquals(List.of(), firstColumn("postgres", "SELECT datname FROM pg_database WHERE datname = '" + AUTO_DB + "'"));
        assertEquals(List.of(), roles(AUTO_DB + "_system"));
    }

    @Test
    @Order(5)
    void aManualOktaSetupKeepsTheOktaIdentityAsItsSystemUser() throws Exception {
        String body = manualBody();
        Answer first = http.gateway("POST", "/integrations/scripts/initial-create?dialect=postgresql", body);
        assertEquals(200, first.status(), first.body().toString());
        String initial = first.text("script");
        assertTrue(initial.contains("CREATE USER \"" + RunningSystem.OKTA_SERVICE + "\""), initial);
        assertFalse(initial.contains("PASSWORD"), "the Okta identity signs in through Okta and gets no password: " + initial);
        system.psql("dev", RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD, initial);
        Answer second = http.gateway("POST", "/integrations/scripts/create?dialect=postgresql", body);
        system.psql(MANUAL_DB, RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD, second.text("script"));

        Answer created = create(body);
        assertEquals("passed", created.body().get("validationResults").get("status").asText(), created.body().toString());
        manualId = created.text("id");
        awaitStatus(manualId, "enabled");
        assertEquals(List.of("true"), firstColumn(MANUAL_DB, "SELECT has_database_privilege('" + RunningSystem.OKTA_SERVICE
                + "', '" + MANUAL_DB + "', 'CREATE')::text"));
        assertEquals(List.of(), firstColumn("postgres", "SELECT rolname FROM pg_authid WHERE rolname = '"
                + RunningSystem.OKTA_SERVICE + "' AND rolpassword IS NOT NULL"));

        // the re-check signs in through Okta with the stored Okta credentials, and passes
        await().atMost(Duration.ofSeconds(60)).until(() -> !events(manualId, MessageTypes.REVALIDATION_COMPLETED).isEmpty());
        events(manualId, MessageTypes.REVALIDATION_COMPLETED).forEach(check -> assertEquals("passed",
                check.path("payload").path("validationResults").path("status").asText(), check.toString()));
        assertEquals("enabled", http.gateway("GET", "/integrations/" + manualId, null).text("status"));

        system.psql("dev", RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD,
                http.gateway("POST", "/integrations/" + manualId + "/scripts/delete?dialect=postgresql", null).text("script"));
        assertEquals(200, http.gateway("DELETE", "/integrations/" + manualId, null).status());
        assertEquals(List.of(), firstColumn("postgres", "SELECT datname FROM pg_database WHERE datname = '" + MANUAL_DB + "'"));
        assertEquals(List.of(), roles(RunningSystem.OKTA_SERVICE));
    }

    @Test
    @Order(6)
    void eachFailedOktaSignInNamesTheHopThatFailedAndWhatToCheck() throws Exception {
        int closedPort = KafkaBroker.freePort();
        record Case(String host, String password, String appId, String idpHost, String role, String expected) {
        }
        List<Case> cases = List.of(
                new Case("127.0.0.63", "wrong-password", "Okta", "127.0.0.1", "admin",
                        "failed at Okta (127.0.0.1): it refused the username and password (HTTP 401). Check config.okta.username and config.okta.password."),
                new Case("127.0.0.64", RunningSystem.OKTA_ADMIN_PASSWORD, "NoSuchApp", "127.0.0.1", "admin",
                        "failed at Okta (127.0.0.1): it has no app NoSuchApp (HTTP 404). Check config.okta.appId"),
                new Case("127.0.0.65", RunningSystem.OKTA_ADMIN_PASSWORD, "Okta", "127.0.0.1", "writer",
                        "the SAML assertion of Okta app Okta does not carry role writer. Check config.okta.role"),
                new Case("127.0.0.66", RunningSystem.OKTA_ADMIN_PASSWORD, "Okta", "127.0.0.1:" + closedPort, "admin",
                        "could not reach Okta at 127.0.0.1:" + closedPort));
        for (Case failure : cases) {
            String database = "okta_fail_" + RUN + "_" + failure.host().replace('.', '_');
            Answer created = create(automaticBody(failure.host(), database, null,
                    failure.password(), failure.appId(), failure.idpHost(), failure.role()));
            assertEquals("failed", created.body().get("validationResults").get("status").asText(), created.body().toString());
            String id = created.text("id");
            awaitStatus(id, "createError");
            String message = http.gateway("GET", "/integrations/" + id, null).text("message");
            assertTrue(message.contains(failure.expected()), message);
            assertFalse(message.contains(RunningSystem.OKTA_ADMIN_PASSWORD), message);
            assertFalse(message.matches(".*[A-Za-z0-9+/=]{64,}.*"), "no assertion in the message: " + message);
            List<JsonNode> validations = events(id, MessageTypes.VALIDATION_COMPLETED);
            assertEquals(1, validations.size());
            assertTrue(validations.get(0).toString().contains(failure.expected()), validations.get(0).toString());
            assertEquals(List.of(), firstColumn("postgres", "SELECT datname FROM pg_database WHERE datname = '" + database + "'"));
        }
    }
}
