package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.kafka.KafkaBroker;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.testing.SupportObjectsVersionOne;
import dev.tributary.sandbox.testing.TopicRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statuses beyond create, edit and delete, end to end against the Redshift stand-in: a forced disable (the
 * target untouched, the host free again), validation on demand, and the migration of support objects from version 1,
 * each checked in the target's catalog, on the event topic and in the status-service.
 */
class LifecycleStatusesIT extends EndToEndTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String ADMIN_PASSWORD = RedshiftStandIn.DEFAULT_PASSWORD;
    private static final String DISABLED_DB = "ls_disabled_" + RUN;
    private static final String SUCCESSOR_DB = "ls_successor_" + RUN;
    private static final String CHECKED_DB = "ls_checked_" + RUN;
    private static final String OLD_DB = "ls_old_" + RUN;
    private static final String OLD_GROUP = "ls_old_imp_" + RUN;
    private static final String PLAIN_OLD_DB = "ls_plain_old_" + RUN;
    private static final String OUTSIDER = "ls_outsider_" + RUN;
    private static final String OUTSIDER_PASSWORD = "Outsider-Passw0rd-e2e";

    @AfterAll
    static void dropWhatTheTestsCreated() throws Exception {
        for (String database : List.of(DISABLED_DB, SUCCESSOR_DB, CHECKED_DB, OLD_DB, PLAIN_OLD_DB)) {
            dropManagedDatabase(database);
        }
        POSTGRES.dropRole(OLD_GROUP);
        POSTGRES.dropRole(OUTSIDER);
    }

    private static String automatic(String host, int port, String database, String group) {
        String impersonation = group == null ? "{\"enabled\": false}" : "{\"enabled\": true, \"role\": \"" + group + "\"}";
        return """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s", "port": %d, "database": "%s",
                 "initialDatabase": "dev", "impersonation": %s, "authenticationType": "userPassword",
                 "username": "awsuser", "password": "%s"}}""".formatted(host, port, database, impersonation, ADMIN_PASSWORD);
    }

    private static String credentials(String user, String password) {
        return "{\"authenticationType\": \"userPassword\", \"username\": \"" + user + "\", \"password\": \"" + password + "\"}";
    }

    private static String enabled(String body) throws Exception {
        Answer created = http.gateway("POST", "/integrations", body);
        assertEquals(200, created.status(), created.body().toString());
        String id = created.text("id");
        awaitStatus(id, "enabled");
        return id;
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> status.equals(http.gateway("GET", "/integrations/" + id, null).text("status")));
    }

    private static List<String> events(String id) {
        return TopicRecords.readAll(system.bootstrapServers(), Topics.EVENTS).stream().filter(record -> id.equals(record.key()))
                .map(record -> EnvelopeCodec.decodeChecked(record.value())).map(LifecycleStatusesIT::describe).toList();
    }

    private static String describe(Envelope event) {
        return event.type() + " " + event.payload().path("operation").asText() + " " + event.payload().path("status").asText();
    }

    private static List<String> timeline(String id) throws Exception {
        JsonNode timeline = http.statusService("/integrations/" + id).body().get("timeline");
        return StreamSupport.stream(timeline.spliterator(), false)
                .map(entry -> entry.path("type").asText() + " " + entry.path("operation").asText()).toList();
    }

    /** Makes the registry say the target has support objects version 1, as an integration of an older release does. */
    private static void registeredAtVersionOne(String id) throws Exception {
        execute(system.databasePrefix + "api_gateway", "UPDATE integration SET support_objects_version = 1 WHERE id = " + Long.parseLong(id));
    }

    /** Each impersonation procedure as {@code name config public-may-execute}, from the target's catalog. */
    private static List<String> procedures(String database) throws Exception {
        return firstColumn(database, "SELECT p.proname || ' ' || coalesce(p.proconfig::text, '-') || ' '"
                + " || has_function_privilege('public', p.oid, 'EXECUTE')::text FROM pg_proc p"
                + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'immuta_procedures' ORDER BY 1");
    }

    @Test
    void aForcedDisableTouchesNothingInTheTargetFreesTheHostAndIsInTheEventsAndTheView() throws Exception {
        String id = enabled(automatic("127.0.0.41", system.redshiftPort, DISABLED_DB, null));
        List<String> roles = firstColumn("postgres", "SELECT rolname FROM pg_roles WHERE rolname = '" + DISABLED_DB + "_system'");
        assertEquals(1, roles.size());

        Answer refused = http.gateway("DELETE", "/integrations/" + id + "?force=true", credentials("awsuser", ADMIN_PASSWORD));
        assertEquals(400, refused.status(), refused.body().toString());
        Answer disabled = http.gateway("DELETE", "/integrations/" + id + "?force=true", null);
        assertEquals(200, disabled.status(), disabled.body().toString());
        assertEquals("disabled", disabled.text("status"));

        // nothing was dropped, and the system account still logs in
        assertEquals(List.of(DISABLED_DB), firstColumn("postgres", "SELECT datname FROM pg_database WHERE datname = '" + DISABLED_DB + "'"));
        assertEquals(roles, firstColumn("postgres", "SELECT rolname FROM pg_roles WHERE rolname = '" + DISABLED_DB + "_system'"));
        assertEquals(List.of("immuta_functions", "immuta_procedures", "immuta_system"),
                firstColumn(DISABLED_DB, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'immuta%' ORDER BY 1"));

        await().atMost(Duration.ofSeconds(30)).until(() -> events(id).containsAll(List.of(
                "OperationStarted disable disabled", "OperationSucceeded disable disabled")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "disabled".equals(http.statusService("/integrations/" + id).text("status")));
        assertTrue(timeline(id).contains("OperationSucceeded disable"), timeline(id).toString());
        assertEquals("disabled", http.gateway("GET", "/integrations/" + id, null).text("status"), "a disabled integration can still be read");

        // the host takes a new integration; the disabled one is deregistered, the target still untouched
        enabled(automatic("127.0.0.41", system.redshiftPort, SUCCESSOR_DB, null));
        Answer deleted = http.gateway("DELETE", "/integrations/" + id, null);
        assertEquals("deleted", deleted.text("status"), deleted.body().toString());
        assertEquals(List.of(DISABLED_DB), firstColumn("postgres", "SELECT datname FROM pg_database WHERE datname = '" + DISABLED_DB + "'"));
    }

    @Test
    void aForcedDisableWorksWhileTheTargetIsUnreachable() throws Exception {
        int closed = KafkaBroker.freePort();
        Answer created = http.gateway("POST", "/integrations", automatic("127.0.0.42", closed, "ls_unreachable_" + RUN, null));
        String id = created.text("id");
        awaitStatus(id, "createError");
        Answer disabled = http.gateway("DELETE", "/integrations/" + id + "?force=true", null);
        assertEquals(200, disabled.status(), disabled.body().toString());
        assertEquals("disabled", disabled.text("status"));
    }

    @Test
    void validateNowAnswersWithTheResultsAndARepairedTargetIsEnabledAgain() throws Exception {
        String id = enabled(automatic("127.0.0.43", system.redshiftPort, CHECKED_DB, null));
        Answer passed = http.gateway("POST", "/integrations/" + id + "/validate", null);
        assertEquals(200, passed.status(), passed.body().toString());
        assertEquals("passed", passed.body().get("validationResults").get("status").asText());

        execute(CHECKED_DB, "DROP VIEW immuta_system.user_profile");
        Answer failed = http.gateway("POST", "/integrations/" + id + "/validate", null);
        assertEquals(200, failed.status(), failed.body().toString());
        assertEquals("recurringValidationError", failed.text("status"));
        assertTrue(failed.text("message").contains("immuta_system.user_profile"), failed.text("message"));

        execute(CHECKED_DB, "CREATE VIEW immuta_system.user_profile AS SELECT user_name, profile_id, entitlements"
                + " FROM immuta_system.profile WHERE user_name = CURRENT_USER");
        // the dashboard's button: through the status-service, which passes the admin's key on to the gateway
        assertTrue(http.statusService("/dashboard/session").body().get("mayValidate").asBoolean());
        Answer repaired = http.statusService("POST", "/dashboard/integrations/" + id + "/validate");
        assertEquals(200, repaired.status(), repaired.body().toString());
        assertEquals("enabled", repaired.text("status"));
        assertEquals("passed", repaired.body().get("validationResults").get("status").asText());
        await().atMost(Duration.ofSeconds(30)).until(() -> "enabled".equals(http.statusService("/integrations/" + id).text("status")));
    }

    @Test
    void anIntegrationAtVersionOneIsMigratedAndAFailedMigrationLeavesVersionOneInPlace() throws Exception {
        String id = enabled(automatic("127.0.0.44", system.redshiftPort, OLD_DB, OLD_GROUP));
        RedshiftConfig config = new RedshiftConfig("127.0.0.44", system.redshiftPort, OLD_DB, "dev",
                new Impersonation(true, OLD_GROUP), AuthenticationType.USER_PASSWORD, null);
        try (Connection managed = POSTGRES.connect(OLD_DB)) {
            SupportObjectsVersionOne.apply(managed, config);
        }
        registeredAtVersionOne(id);
        List<String> versionOne = List.of("grant_impersonation - true", "impersonate_user - true", "revoke_impersonation - true");
        assertEquals(versionOne, procedures(OLD_DB));
        assertEquals(1, http.gateway("GET", "/integrations/" + id, null).body().get("supportObjectsVersion").asInt());

        // replacing procedures takes their owner: the system account alone is not enough, and a login that does not own them fails
        Answer needsOwner = http.gateway("POST", "/integrations/" + id + "/migrate", null);
        assertEquals(400, needsOwner.status(), needsOwner.body().toString());
        execute("postgres", "CREATE ROLE " + OUTSIDER + " LOGIN PASSWORD " + SqlDialect.POSTGRESQL.passwordLiteral(OUTSIDER, OUTSIDER_PASSWORD));
        Answer outsider = http.gateway("POST", "/integrations/" + id + "/migrate", credentials(OUTSIDER, OUTSIDER_PASSWORD));
        assertEquals(200, outsider.status(), outsider.body().toString());
        assertTrue(List.of("migrating", "migrateError").contains(outsider.text("status")), outsider.body().toString());
        awaitStatus(id, "migrateError");
        Answer failed = http.gateway("GET", "/integrations/" + id, null);
        String message = failed.text("message");
        assertTrue(message.contains("migrate-1-to-2-impersonation-procedures") && message.contains("permission denied")
                && message.contains("stay at version 1"), message);
        assertEquals(1, failed.body().get("supportObjectsVersion").asInt());
        assertEquals(versionOne, procedures(OLD_DB), "the failed migration was rolled back");

        Answer migrating = http.gateway("POST", "/integrations/" + id + "/migrate", credentials("awsuser", ADMIN_PASSWORD));
        assertEquals(200, migrating.status(), migrating.body().toString());
        awaitStatus(id, "enabled");
        assertEquals(ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION, http.gateway("GET", "/integrations/" + id, null).body().get("supportObjectsVersion").asInt());
        assertEquals(List.of("grant_impersonation {search_path=pg_catalog} false", "impersonate_user {search_path=pg_catalog} false",
                "revoke_impersonation {search_path=pg_catalog} false"), procedures(OLD_DB));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.statusService("/integrations/" + id).body().path("supportObjectsVersion").asInt() == ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION);
        assertTrue(events(id).containsAll(List.of("OperationStarted migrate migrating", "OperationFailed migrate migrateError",
                "OperationSucceeded migrate enabled")), events(id).toString());
    }

    @Test
    void theGatewayMigratesAnIntegrationWhoseStepsTheSystemAccountMayRunByItself() throws Exception {
        String id = enabled(automatic("127.0.0.45", system.redshiftPort, PLAIN_OLD_DB, null));
        registeredAtVersionOne(id);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                http.gateway("GET", "/integrations/" + id, null).body().path("supportObjectsVersion").asInt() == ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION);
        assertEquals("enabled", http.gateway("GET", "/integrations/" + id, null).text("status"));
        Envelope finished = TopicRecords.readAll(system.bootstrapServers(), Topics.EVENTS).stream().filter(record -> id.equals(record.key()))
                .map(record -> EnvelopeCodec.decodeChecked(record.value()))
                .filter(event -> event.type().equals(MessageTypes.OPERATION_SUCCEEDED) && describe(event).contains("migrate"))
                .findFirst().orElseThrow();
        assertEquals(ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION, finished.payloadAs(OperationFinished.class).supportObjectsVersion());
    }
}
