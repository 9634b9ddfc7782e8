package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SealingKeys;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.sandbox.kafka.KafkaBroker;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.testing.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A governance integration end to end: the four services as separate JVMs from their packaged jars, started by
 * ./tributary with the real broker and the Redshift stand-in. Every check looks at the effect: the target's
 * catalog, the services' databases, the records on the topics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GovernanceIntegrationIT extends EndToEndTest {
    static final String WRONG_PASSWORD = "Wrong-Passw0rd-e2e";
    private static String managedDatabase;
    private static String integrationId;

    @BeforeAll
    static void startTheSystem() throws Exception {
        managedDatabase = "e2e_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterAll
    static void dropTheManagedDatabase() throws Exception {
        dropManagedDatabase(managedDatabase);
    }

    private static String createBody(String host, int port, String database, String password) {
        return """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s", "port": %d, "database": "%s",
                 "initialDatabase": "dev", "authenticationType": "userPassword", "username": "awsuser", "password": "%s"}}"""
                .formatted(host, port, database, password);
    }

    private static Answer gateway(String method, String path, String body) throws Exception {
        return http.gateway(method, path, body);
    }

    @Test
    @Order(1)
    void anAutomaticSetupAnswersWithValidationResultsAndEndsEnabled() throws Exception {
        // written in capitals: Redshift folds the name, so the catalog holds it in lower case and GET gives it back as sent
        Answer created = gateway("POST", "/integrations", createBody("127.0.0.1", system.redshiftPort,
                managedDatabase.toUpperCase(Locale.ROOT), RedshiftStandIn.DEFAULT_PASSWORD));
        assertEquals(200, created.status(), created.body().toString());
        integrationId = created.body().get("id").asText();
        assertEquals("creating", created.body().get("status").asText());
        JsonNode validation = created.body().get("validationResults");
        assertEquals("passed", validation.get("status").asText());
        assertEquals("Initial Validation: Basic Connection Test", validation.get("validationTests").get(0).get("name").asText());
        assertEquals("Validate Automatic Bootstrap: Immuta Database Does Not Exist", validation.get("validationTests").get(1).get("name").asText());

        Answer rightAfter = gateway("GET", "/integrations/" + integrationId, null);
        assertEquals(200, rightAfter.status(), "a GET right after the POST finds the integration");

        await().atMost(Duration.ofSeconds(60)).until(() ->
                gateway("GET", "/integrations/" + integrationId, null).body().get("status").asText().equals("enabled"));
        JsonNode integration = gateway("GET", "/integrations/" + integrationId, null).body();
        assertEquals("Redshift", integration.get("type").asText());
        assertTrue(integration.get("autoBootstrap").asBoolean());
        assertEquals("passed", integration.get("validationResults").get("status").asText());
        assertEquals("<REDACTED>", integration.get("config").get("username").asText());
        assertEquals("<REDACTED>", integration.get("config").get("password").asText());
        assertEquals(system.redshiftPort, integration.get("config").get("port").asInt());
        assertEquals(managedDatabase.toUpperCase(Locale.ROOT), integration.get("config").get("database").asText());
    }

    @Test
    @Order(2)
    void theTargetHoldsTheManagedDatabaseAccountSchemasAndGrants() throws Exception {
        try (Connection catalog = POSTGRES.connect(managedDatabase); Statement sql = catalog.createStatement()) {
            assertEquals(List.of("immuta_functions", "immuta_procedures", "immuta_system"),
                    column(sql, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'immuta%' ORDER BY 1"));
            assertEquals(List.of("profile", "profile_attribute", "profile_group", "user_attributes", "user_groups", "user_profile"), column(sql, "SELECT c.relname FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'immuta_system' AND c.relkind IN ('r', 'v') ORDER BY 1"));
            String acl = column(sql, "SELECT datacl::text FROM pg_database WHERE datname = current_database()").get(0);
            assertTrue(acl.contains(managedDatabase + "_system=CTc/"), acl);
            assertTrue(acl.contains(",=Tc/"), "PUBLIC lost CREATE and keeps CONNECT and TEMP: " + acl);
            assertEquals(List.of("true"), column(sql, "SELECT has_table_privilege('public', 'immuta_system.user_profile', 'SELECT')::text"));
            assertEquals(List.of("false"), column(sql, "SELECT has_table_privilege('public', 'immuta_system.profile', 'SELECT')::text"));
        }
        // the gateway keeps the system account's password sealed; opened with the shared key, it logs in
        String sealed;
        try (Connection registry = POSTGRES.connect(system.databasePrefix + "api_gateway"); Statement sql = registry.createStatement()) {
            List<String> row = column(sql, "SELECT system_account || ' ' || sealed_system_password FROM integration WHERE id = " + integrationId);
            assertEquals(managedDatabase + "_system", row.get(0).split(" ")[0]);
            sealed = row.get(0).split(" ")[1];
        }
        assertTrue(SecretSealer.isSealed(sealed));
        String generatedSystemPassword = SealingKeys.sealer(Optional.empty(), system.sealingKeyFile()).unseal(sealed,
                new SealingContext(SealingContext.SYSTEM_ACCOUNT_PASSWORD, integrationId, null, "127.0.0.1"));
        Properties login = new Properties();
        login.setProperty("user", managedDatabase + "_system");
        login.setProperty("password", generatedSystemPassword);
        login.setProperty("ssl", "false");
        try (Connection account = DriverManager.getConnection("jdbc:redshift://127.0.0.1:" + system.redshiftPort + "/" + managedDatabase, login);
             Statement sql = account.createStatement()) {
            assertEquals(List.of("0"), column(sql, "SELECT count(*)::text FROM immuta_system.profile"));
        }
    }

    @Test
    @Order(3)
    void aSecondIntegrationOnTheSameHostIsAConflict() throws Exception {
        Answer conflict = gateway("POST", "/integrations",
                createBody("127.0.0.1", system.redshiftPort, "e2e_other", RedshiftStandIn.DEFAULT_PASSWORD));
        assertEquals(409, conflict.status());
        assertEquals("{\"statusCode\":409,\"error\":\"Conflict\",\"message\":\"Redshift integration already exists on host 127.0.0.1 (id = "
                + integrationId + ")\"}", conflict.body().toString());
    }

    @Test
    @Order(4)
    void aWrongPasswordFailsValidationEndsInCreateErrorAndCreatesNothing() throws Exception {
        String database = "e2e_wrongpw_" + UUID.randomUUID().toString().substring(0, 6);
        Answer answer = gateway("POST", "/integrations", createBody("127.0.0.2", system.redshiftPort, database, WRONG_PASSWORD));
        assertEquals("failed", answer.body().get("validationResults").get("status").asText(), answer.body().toString());
        String message = answer.body().get("validationResults").get("validationTests").get(0).get("message").asText();
        assertTrue(message.contains("password authentication failed"), message);
        String id = answer.body().get("id").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode integration = gateway("GET", "/integrations/" + id, null).body();
            assertEquals("createError", integration.get("status").asText());
            assertTrue(integration.get("message").asText().contains("password authentication failed"));
        });
        try (Connection catalog = POSTGRES.connect("postgres"); Statement sql = catalog.createStatement()) {
            assertEquals(List.of(), column(sql, "SELECT datname FROM pg_database WHERE datname = '" + database + "'"));
            assertEquals(List.of(), column(sql, "SELECT rolname FROM pg_roles WHERE rolname = '" + database + "_system'"));
        }
    }

    @Test
    @Order(5)
    void anUnreachableHostFailsWithAMessageNamingHostAndPort() throws Exception {
        int closedPort = KafkaBroker.freePort();
        Answer answer = gateway("POST", "/integrations", createBody("127.0.0.3", closedPort, "e2e_unreachable", RedshiftStandIn.DEFAULT_PASSWORD));
        assertEquals("failed", answer.body().get("validationResults").get("status").asText(), answer.body().toString());
        String id = answer.body().get("id").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode integration = gateway("GET", "/integrations/" + id, null).body();
            assertEquals("createError", integration.get("status").asText());
            assertTrue(integration.get("message").asText().contains("127.0.0.3:" + closedPort), integration.toString());
        });
    }

    @Test
    @Order(6)
    void payloadErrorsAre400sAndPublishNothing() throws Exception {
        String marker = "e2e-bad-" + UUID.randomUUID().toString().substring(0, 6);
        Answer missingHost = gateway("POST", "/integrations", "{\"type\": \"Redshift\", \"autoBootstrap\": true, \"config\": {"
                + "\"database\": \"" + marker + "\", \"initialDatabase\": \"dev\", \"authenticationType\": \"saml\", \"port\": true}}");
        assertEquals(400, missingHost.status());
        List<String> fields = new ArrayList<>();
        missingHost.body().get("errors").forEach(error -> fields.add(error.get("field").asText() + "/" + error.get("rule").asText()));
        assertTrue(fields.containsAll(List.of("config.host/required", "config.database/pattern",
                "config.authenticationType/enum", "config.port/type")), fields.toString());
        assertEquals(400, gateway("POST", "/integrations", "not json at all " + marker).status());
        assertEquals(400, gateway("POST", "/integrations", "[\"" + marker + "\"]").status());
        // a good request after the bad ones: once its command is on the topic, anything the bad ones sent would be too
        String later = gateway("POST", "/integrations", createBody("127.0.0.4", system.redshiftPort, "e2e_later_"
                + marker.substring(8).replace('-', '_'), WRONG_PASSWORD)).body().get("id").asText();
        TopicRecords.await(system.bootstrapServers(), Topics.COMMANDS, record -> later.equals(record.key()), Duration.ofSeconds(30));
        assertTrue(TopicRecords.readAll(system.bootstrapServers(), Topics.COMMANDS).stream().noneMatch(r -> String.valueOf(r.value()).contains(marker)));
    }

    @Test
    @Order(7)
    void theStatusServiceShowsTheSameStoryWithATimeline() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Answer view = http.statusService("/integrations/" + integrationId);
            assertEquals(200, view.status());
            assertEquals("enabled", view.body().get("status").asText());
            List<String> steps = new ArrayList<>();
            view.body().get("timeline").forEach(entry -> {
                if (entry.has("step")) {
                    steps.add(entry.get("step").asText());
                }
            });
            assertEquals(List.of("create-database", "create-system-account", "restrict-database",
                    "create-support-schemas", "create-support-tables", "grant-privileges"), steps);
        });
    }

    private static List<String> column(Statement sql, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
