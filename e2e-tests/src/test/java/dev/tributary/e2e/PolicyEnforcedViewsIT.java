package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.testing.QueryRows;
import dev.tributary.sandbox.testing.TopicRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Policy-enforced views end to end, in single-database mode on the Redshift stand-in: a table of orders in two
 * regions, two database users with passwords, a data source and a policy registered through the gateway. Every
 * check signs in through the Redshift driver as the user and queries what they see; the catalog of the target says
 * who owns the view and whether it was rebuilt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyEnforcedViewsIT extends EndToEndTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String DATABASE = "pev_" + RUN;
    private static final String SYSTEM_ACCOUNT = DATABASE + "_system";
    private static final String MANUAL_DATABASE = "pev_manual_" + RUN;
    private static final String MANUAL_ACCOUNT = "pev_manual_sys_" + RUN;
    private static final String MANUAL_PASSWORD = "Manual-Passw0rd-e2e";
    private static final String ALICE = "alice_" + RUN;
    private static final String BOB = "bob_" + RUN;
    private static final String USER_PASSWORD = "Governed-Passw0rd-e2e";
    private static final String ADMIN_PASSWORD = RedshiftStandIn.DEFAULT_PASSWORD;
    private static final String VIEW = "SELECT id, region, email FROM public_governed.orders ORDER BY id";
    private static final Duration SOON = Duration.ofSeconds(30);
    private static String integrationId;
    private static String dataSourceId;
    private static String policyId;
    private static String manualId;

    @BeforeAll
    static void makeTheOrdersTableTwoUsersAndAnIntegrationInTheirDatabase() throws Exception {
        for (String database : List.of(DATABASE, MANUAL_DATABASE)) {
            POSTGRES.createDatabase(database);
            execute(database, "CREATE TABLE public.orders (id INT, region VARCHAR(16), email VARCHAR(64));"
                    + " INSERT INTO public.orders VALUES (1, 'east', 'ann@example.com'), (2, 'west', 'ben@example.com'),"
                    + " (3, 'east', 'cat@example.com'), (4, 'west', 'dan@example.com');"
                    + " CREATE TABLE public.payroll (id INT, salary INT)");
        }
        for (String user : List.of(ALICE, BOB)) {
            execute("postgres", "CREATE USER " + user + " PASSWORD '" + USER_PASSWORD + "'");
        }
        Answer created = http.gateway("POST", "/integrations", """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "127.0.0.81", "port": %d, "database": "%s",
                 "initialDatabase": "dev", "authenticationType": "userPassword", "username": "awsuser", "password": "%s"}}"""
                .formatted(system.redshiftPort, DATABASE, ADMIN_PASSWORD));
        assertEquals(200, created.status(), created.body().toString());
        integrationId = created.text("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "enabled".equals(http.gateway("GET", "/integrations/" + integrationId, null).text("status")));
        assertEquals("singleDatabase", http.gateway("GET", "/integrations/" + integrationId, null).text("databaseMode"));
        // the customer lets the system account read the table it governs, and nothing more
        execute(DATABASE, "GRANT SELECT ON public.orders TO " + SYSTEM_ACCOUNT);
    }

    @AfterAll
    static void removeTheIntegrationTheDatabaseAndTheUsers() throws Exception {
        if (integrationId != null) {
            http.gateway("DELETE", "/integrations/" + integrationId,
                    "{\"authenticationType\": \"userPassword\", \"username\": \"awsuser\", \"password\": \"" + ADMIN_PASSWORD + "\"}");
            await().atMost(Duration.ofSeconds(60)).until(() -> http.gateway("GET", "/integrations/" + integrationId, null).status() == 404);
        }
        if (manualId != null) {
            http.gateway("DELETE", "/integrations/" + manualId, null);
        }
        for (String user : List.of(ALICE, BOB)) {
            http.gateway("DELETE", "/users/" + user, null);
        }
        POSTGRES.dropDatabase(DATABASE);
        POSTGRES.dropDatabase(MANUAL_DATABASE);
        for (String role : List.of(ALICE, BOB, SYSTEM_ACCOUNT, MANUAL_ACCOUNT)) {
            POSTGRES.dropRole(role);
        }
    }

    /** {@code user} signed in through the Redshift driver, as a person with a SQL client would. */
    private static Connection signIn(String host, String database, String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", USER_PASSWORD);
        properties.setProperty("ssl", "false");
        return DriverManager.getConnection("jdbc:redshift://" + host + ":" + system.redshiftPort + "/" + database, properties);
    }

    private static List<String> rows(String user, String query) throws SQLException {
        return rows("127.0.0.81", DATABASE, user, query);
    }

    /** What {@code user} reads with {@code query}, one "a|b|c" line per row. */
    private static List<String> rows(String host, String database, String user, String query) throws SQLException {
        try (Connection connection = signIn(host, database, user)) {
            return QueryRows.read(connection, query);
        }
    }

    /** Waits until {@code user} reads {@code expected} through the view (a user's query fails while the view is missing). */
    private static void awaitRows(String user, List<String> expected) {
        await().atMost(SOON).ignoreExceptions().untilAsserted(() -> assertEquals(expected, rows(user, VIEW), user));
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode awaitDataSource(String id, String status) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(SOON).until(() -> {
            seen[0] = http.gateway("GET", "/dataSources/" + id, null).body();
            return status.equals(seen[0].path("status").asText());
        });
        return seen[0];
    }

    /** The view's object id: a rebuilt view (DROP and CREATE) has a new one. */
    private static List<String> viewObjectId() throws Exception {
        return firstColumn(DATABASE, "SELECT c.oid::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public_governed' AND c.relname = 'orders' AND c.relkind = 'v'");
    }

    private static String policy(boolean mask) {
        return """
                {"name": "orders by region", "dataSources": ["%s"], "rules": [
                  {"type": "rowFilter", "column": "region", "matchesAttribute": "region"}%s]}"""
                .formatted(dataSourceId, mask ? ", {\"type\": \"mask\", \"columns\": [\"email\"], \"method\": \"hash\", \"exceptGroups\": [\"auditors\"]}" : "");
    }

    @Test
    @Order(1)
    void aRegisteredTableGetsAViewOwnedByTheSystemAccountThatShowsNothingToUsersWithoutAnEntry() throws Exception {
        Answer registered = http.gateway("POST", "/integrations/" + integrationId + "/dataSources", "{\"schema\": \"public\", \"table\": \"orders\"}");
        assertEquals(201, registered.status(), registered.body().toString());
        assertEquals("creating", registered.text("status"));
        assertEquals("public_governed", registered.body().path("view").path("schema").asText(), registered.body().toString());
        assertEquals("orders", registered.body().path("view").path("name").asText());
        dataSourceId = registered.text("id");
        awaitDataSource(dataSourceId, "active");

        assertEquals(List.of(SYSTEM_ACCOUNT), firstColumn(DATABASE,
                "SELECT viewowner FROM pg_views WHERE schemaname = 'public_governed' AND viewname = 'orders'"));
        assertEquals(List.of("id", "region", "email"), firstColumn(DATABASE, "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'public_governed' AND table_name = 'orders' ORDER BY ordinal_position"), "the table's columns in order");
        assertEquals(List.of(), rows(ALICE, VIEW), "no entry, no rows");
        SQLException refused = assertThrows(SQLException.class, () -> rows(ALICE, "SELECT * FROM public.orders"));
        assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
    }

    @Test
    @Order(2)
    void aliceSeesHerRegionWithHashedEmailsAndBobTheAuditorSeesHisInTheClear() throws Exception {
        assertEquals(201, http.gateway("PUT", "/users/" + ALICE, "{\"attributes\": {\"region\": [\"east\"]}}").status());
        assertEquals(201, http.gateway("PUT", "/users/" + BOB, "{\"attributes\": {\"region\": [\"west\"]}, \"groups\": [\"auditors\"]}").status());
        Answer created = http.gateway("POST", "/policies", policy(true));
        assertEquals(201, created.status(), created.body().toString());
        policyId = created.text("id");

        awaitRows(ALICE, List.of("1|east|" + sha256("ann@example.com"), "3|east|" + sha256("cat@example.com")));
        awaitRows(BOB, List.of("2|west|ben@example.com", "4|west|dan@example.com"));
        SQLException refused = assertThrows(SQLException.class, () -> rows(BOB, "SELECT * FROM public.orders"));
        assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
        assertEquals(List.of(ALICE, BOB).stream().sorted().toList(), firstColumn(DATABASE,
                "SELECT user_name FROM immuta_system.profile ORDER BY 1"), "the entries are rows of the profile table");
    }

    @Test
    @Order(3)
    void aNewRegionForAliceShowsInHerNextQueriesWithoutTheViewBeingRebuilt() throws Exception {
        List<String> before = viewObjectId();
        assertEquals(200, http.gateway("PUT", "/users/" + ALICE, "{\"attributes\": {\"region\": [\"west\"]}}").status());
        awaitRows(ALICE, List.of("2|west|" + sha256("ben@example.com"), "4|west|" + sha256("dan@example.com")));
        assertEquals(before, viewObjectId(), "the same view: only her entry changed");
    }

    @Test
    @Order(4)
    void aPolicyWithoutTheMaskShowsAliceTheEmailsInTheClear() throws Exception {
        Answer edited = http.gateway("PUT", "/policies/" + policyId, policy(false));
        assertEquals(200, edited.status(), edited.body().toString());
        awaitRows(ALICE, List.of("2|west|ben@example.com", "4|west|dan@example.com"));
    }

    @Test
    @Order(5)
    void theStatusViewListsTheDataSourceWithItsPolicyAndTheTimelineTheViewChanges() throws Exception {
        await().atMost(SOON).until(() -> {
            JsonNode sources = http.statusService("/integrations/" + integrationId).body().path("dataSources");
            return sources.size() == 1 && "active".equals(sources.get(0).path("status").asText())
                    && "orders by region".equals(sources.get(0).path("policies").path(0).path("name").asText());
        });
        JsonNode integration = http.statusService("/integrations/" + integrationId).body();
        assertEquals("enabled", integration.path("status").asText(), "governance never moves the integration's status");
        List<String> steps = new ArrayList<>();
        integration.path("timeline").forEach(entry -> {
            if ("govern".equals(entry.path("operation").asText()) && entry.hasNonNull("step")) {
                steps.add(entry.path("step").asText());
            }
        });
        assertTrue(steps.contains("create-view") && steps.contains("replace-view") && steps.contains("write-profile"), steps.toString());
    }

    @Test
    @Order(6)
    void aViewDroppedByHandIsBackAfterAValidationThatSaysSo() throws Exception {
        long replacedBefore = viewSteps("replace-view");
        execute(DATABASE, "DROP VIEW public_governed.orders");
        assertThrows(SQLException.class, () -> rows(BOB, VIEW));
        Answer check = http.gateway("POST", "/integrations/" + integrationId + "/validate", null);
        assertEquals(200, check.status(), check.body().toString());
        awaitRows(BOB, List.of("2|west|ben@example.com", "4|west|dan@example.com"));
        await().atMost(SOON).until(() -> viewSteps("replace-view") > replacedBefore);
        // this check, or a periodic one just before it (every few seconds here), found the view gone and said so
        await().atMost(SOON).until(() -> TopicRecords.readAll(system.bootstrapServers(), Topics.EVENTS).stream()
                .filter(record -> integrationId.equals(record.key())).map(record -> EnvelopeCodec.decodeChecked(record.value()))
                .filter(event -> event.type().equals(MessageTypes.REVALIDATION_COMPLETED))
                .flatMap(event -> event.payloadAs(RevalidationCompleted.class).validationResults().validationTests().stream())
                .anyMatch(test -> test.name().equals("Validate Governed Views Match Their Policies") && test.status() == TestStatus.WARNING
                        && test.message().contains("public_governed.orders")));
    }

    /** How many {@code step} rows of governance changes the status view's timeline holds. */
    private static long viewSteps(String step) throws Exception {
        long count = 0;
        for (JsonNode entry : http.statusService("/integrations/" + integrationId).body().path("timeline")) {
            if ("govern".equals(entry.path("operation").asText()) && step.equals(entry.path("step").asText())) {
                count++;
            }
        }
        return count;
    }

    @Test
    @Order(7)
    void tablesThatAreMissingOrUnreadableEndInErrorNamingTheTableAndTheGrant() throws Exception {
        Answer missing = http.gateway("POST", "/integrations/" + integrationId + "/dataSources", "{\"schema\": \"public\", \"table\": \"refunds\"}");
        assertEquals(201, missing.status(), missing.body().toString());
        String missingMessage = awaitDataSource(missing.text("id"), "error").path("message").asText();
        assertTrue(missingMessage.contains("public.refunds") && missingMessage.contains("does not exist"), missingMessage);

        Answer unreadable = http.gateway("POST", "/integrations/" + integrationId + "/dataSources", "{\"schema\": \"public\", \"table\": \"payroll\"}");
        assertEquals(201, unreadable.status(), unreadable.body().toString());
        String unreadableMessage = awaitDataSource(unreadable.text("id"), "error").path("message").asText();
        assertTrue(unreadableMessage.contains("GRANT SELECT ON \"public\".\"payroll\""), unreadableMessage);
        assertEquals(List.of(), firstColumn(DATABASE, "SELECT viewname FROM pg_views WHERE viewname IN ('refunds', 'payroll')"));
    }

    @Test
    @Order(8)
    void aDeletedDataSourceTakesItsViewAway() throws Exception {
        Answer deleted = http.gateway("DELETE", "/dataSources/" + dataSourceId, null);
        assertTrue(deleted.status() == 200 || deleted.status() == 202, deleted.body().toString());
        awaitDataSource(dataSourceId, "deleted");
        assertEquals(List.of(), firstColumn(DATABASE, "SELECT viewname FROM pg_views WHERE schemaname = 'public_governed'"));
        assertEquals(List.of("4"), firstColumn(DATABASE, "SELECT count(*)::text FROM public.orders"), "the table stays");
        List<String> listed = new ArrayList<>();
        http.gateway("GET", "/integrations/" + integrationId + "/dataSources", null).body().forEach(source -> listed.add(source.path("id").asText()));
        assertFalse(listed.contains(dataSourceId), "a deleted data source is no longer listed: " + listed);
    }

    @Test
    @Order(9)
    void aManualIntegrationGetsThePoliciesAsAScriptAndTheNextCheckRegistersIt() throws Exception {
        String body = """
                {"type": "Redshift", "autoBootstrap": false, "config": {"host": "127.0.0.82", "port": %d, "database": "%s",
                 "initialDatabase": "%s", "authenticationType": "userPassword", "username": "%s", "password": "%s"}}"""
                .formatted(system.redshiftPort, MANUAL_DATABASE, MANUAL_DATABASE, MANUAL_ACCOUNT, MANUAL_PASSWORD);
        for (String path : List.of("/integrations/scripts/initial-create", "/integrations/scripts/create")) {
            system.psql(MANUAL_DATABASE, "awsuser", ADMIN_PASSWORD, http.gateway("POST", path + "?dialect=postgresql", body).text("script"));
        }
        Answer created = http.gateway("POST", "/integrations", body);
        assertEquals(200, created.status(), created.body().toString());
        manualId = created.text("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "enabled".equals(http.gateway("GET", "/integrations/" + manualId, null).text("status")));
        execute(MANUAL_DATABASE, "GRANT SELECT ON public.orders TO " + MANUAL_ACCOUNT);

        Answer registered = http.gateway("POST", "/integrations/" + manualId + "/dataSources", "{\"schema\": \"public\", \"table\": \"orders\"}");
        assertEquals(201, registered.status(), registered.body().toString());
        String manualSource = registered.text("id");
        await().atMost(SOON).until(() -> http.gateway("GET", "/dataSources/" + manualSource, null).body().path("message").asText()
                .contains("scripts/policies"));
        assertEquals("creating", http.gateway("GET", "/dataSources/" + manualSource, null).text("status"), "nothing changes without the script");
        assertEquals(List.of(), firstColumn(MANUAL_DATABASE, "SELECT viewname FROM pg_views WHERE schemaname = 'public_governed'"));
        Answer policyCreated = http.gateway("POST", "/policies", """
                {"name": "manual orders by region", "dataSources": ["%s"], "rules": [
                  {"type": "rowFilter", "column": "region", "matchesAttribute": "region"}]}""".formatted(manualSource));
        assertEquals(201, policyCreated.status(), policyCreated.body().toString());

        Answer script = http.gateway("POST", "/integrations/" + manualId + "/scripts/policies?dialect=postgresql", null);
        assertEquals(200, script.status(), script.body().toString());
        assertFalse(script.text("script").contains(MANUAL_PASSWORD), "a script never holds a password");
        // run as the system account, which then owns the views as it owns those it makes itself
        system.psql(script.text("database"), MANUAL_ACCOUNT, MANUAL_PASSWORD, script.text("script"));

        Answer check = http.gateway("POST", "/integrations/" + manualId + "/validate", null);
        assertEquals(200, check.status(), check.body().toString());
        awaitDataSource(manualSource, "active");
        // alice's entry (region west since an earlier test) came with the script
        assertEquals(List.of("2", "4"), rows("127.0.0.82", MANUAL_DATABASE, ALICE, "SELECT id FROM public_governed.orders ORDER BY id"));
        assertEquals(List.of(MANUAL_ACCOUNT), firstColumn(MANUAL_DATABASE,
                "SELECT viewowner FROM pg_views WHERE schemaname = 'public_governed' AND viewname = 'orders'"));
    }

    @Test
    @Order(10)
    void deletingTheIntegrationTakesItsViewSchemasAndTheSystemAccountsRightsAndLeavesTheTables() throws Exception {
        Answer deleting = http.gateway("DELETE", "/integrations/" + integrationId,
                "{\"authenticationType\": \"userPassword\", \"username\": \"awsuser\", \"password\": \"" + ADMIN_PASSWORD + "\"}");
        assertEquals(200, deleting.status(), deleting.body().toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> http.gateway("GET", "/integrations/" + integrationId, null).status() == 404);
        integrationId = null;
        assertEquals(List.of(), firstColumn(DATABASE, "SELECT nspname FROM pg_namespace WHERE nspname IN ('public_governed', 'immuta_system')"));
        assertEquals(List.of(), firstColumn("postgres", "SELECT rolname FROM pg_roles WHERE rolname = '" + SYSTEM_ACCOUNT + "'"));
        assertEquals(List.of("4"), firstColumn(DATABASE, "SELECT count(*)::text FROM public.orders"), "the customer's table stays");
    }
}
