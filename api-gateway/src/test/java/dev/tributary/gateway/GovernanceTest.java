package dev.tributary.gateway;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.governance.GovernanceState;
import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.MaskMethod;
import dev.tributary.contracts.governance.PolicyRule;
import dev.tributary.contracts.governance.UserProfile;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.DataSourceChanged;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.GovernanceApplied;
import dev.tributary.contracts.messaging.GovernanceCommand;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.RevalidationRequest;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data sources, users and policies in the gateway, against a real broker and PostgreSQL: the commands and events
 * each change writes, the outcomes the workers report (played by the test through the topics), the governance state
 * checks carry, and the script of a manual integration.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway_governance"))
class GovernanceTest {
    private static final String KEY = "test-admin-key-of-at-least-32-bytes";
    private static final String ACCOUNT_PASSWORD = "system-Account-Pw-1";
    private static final ValidationResults PASSED = ValidationResults.of(List.of(
            ValidationTest.passed("Initial Validation: Basic Connection Test", List.of())));
    private static final List<String> COLUMNS = List.of("id", "region", "email");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    SecretSealer sealer;

    private static RequestSpecification admin() {
        return given().header("Authorization", KEY);
    }

    private static String body(String host, boolean automatic, String database, String initialDatabase) {
        return """
                {"type": "Redshift", "autoBootstrap": %s, "config": {"host": "%s", "database": "%s",
                 "initialDatabase": "%s", "impersonation": {"enabled": false}, "authenticationType": "userPassword",
                 "username": "awsuser", "password": "s3cret-Governance-Pw"}}""".formatted(automatic, host, database, initialDatabase);
    }

    /** Creates a multi-database integration and plays the workers' events that enable it with a system account. */
    private String enabled(String host, boolean automatic) {
        return enabled(body(host, automatic, "immuta", "dev"));
    }

    private String enabled(String body) {
        String id = admin().contentType(ContentType.JSON).body(body).post("/integrations").then().extract().path("id");
        Envelope command = command(id, MessageTypes.CREATE_INTEGRATION, envelope -> true);
        IntegrationCommand payload = command.payloadAs(IntegrationCommand.class);
        publish(command.reply(MessageTypes.VALIDATION_COMPLETED, "", new ValidationCompleted(Operation.CREATE, PASSED)));
        publish(command.reply(MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, "", new SystemAccountProvisioned("immuta_system",
                sealer.seal(ACCOUNT_PASSWORD, SealingContext.systemAccountPassword(id, payload.spec())))));
        publish(command.reply(MessageTypes.OPERATION_SUCCEEDED, "", OperationFinished.succeeded(Operation.CREATE)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/integrations/" + id).then().body("status", equalTo("enabled")));
        return id;
    }

    private Envelope command(String id, String type, Predicate<Envelope> matches) {
        return EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, MessageTypes.ALL.get(type).topic(),
                record -> id.equals(record.key()) && type.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE))
                && matches.test(EnvelopeCodec.decodeChecked(record.value())), Duration.ofSeconds(30)).value());
    }

    /** The ApplyGovernance command to {@code id} whose change matches. */
    private GovernanceCommand governance(String id, Predicate<GovernanceChange> matches) {
        return command(id, MessageTypes.APPLY_GOVERNANCE, envelope -> matches.test(envelope.payloadAs(GovernanceCommand.class).change()))
                .payloadAs(GovernanceCommand.class);
    }

    private static Predicate<GovernanceChange> viewOf(String dataSourceId, long revision) {
        return change -> change instanceof GovernanceChange.View view && view.dataSourceId() == Long.parseLong(dataSourceId)
                && view.revision() == revision;
    }

    private static Predicate<GovernanceChange> profileOf(String userName, long revision) {
        return change -> change instanceof GovernanceChange.Profiles profiles && profiles.profiles().stream()
                .anyMatch(profile -> profile.userName().equals(userName) && profile.revision() == revision);
    }

    private List<Envelope> applyCommands(String id) {
        return TopicRecords.readAll(bootstrapServers, Topics.COMMANDS).stream().filter(record -> id.equals(record.key())
                        && MessageTypes.APPLY_GOVERNANCE.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE)))
                .map(record -> EnvelopeCodec.decodeChecked(record.value())).toList();
    }

    private DataSourceChanged awaitDataSourceChanged(String integrationId, String dataSourceId, String status) {
        ConsumerRecord<String, String> record = TopicRecords.await(bootstrapServers, Topics.EVENTS, event -> integrationId.equals(event.key())
                && MessageTypes.DATA_SOURCE_CHANGED.equals(TopicRecords.header(event, EnvelopeCodec.HEADER_MESSAGE_TYPE))
                && matchesChange(EnvelopeCodec.decodeChecked(event.value()).payloadAs(DataSourceChanged.class), dataSourceId, status),
                Duration.ofSeconds(30));
        return EnvelopeCodec.decodeChecked(record.value()).payloadAs(DataSourceChanged.class);
    }

    private static boolean matchesChange(DataSourceChanged changed, String dataSourceId, String status) {
        return changed.dataSourceId() == Long.parseLong(dataSourceId) && changed.status().equals(status);
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event), EnvelopeCodec.headers(event));
    }

    /** Plays a worker's outcome of a data source's change. */
    private void outcome(String integrationId, String dataSourceId, long revision, String step, String outcome, String message,
                         List<String> columns) {
        publish(Envelope.of(MessageTypes.GOVERNANCE_APPLIED, integrationId, java.util.UUID.randomUUID(),
                new GovernanceApplied(Long.parseLong(dataSourceId), revision, step, outcome, message, columns)));
    }

    private static String dataSource(String integrationId, String body) {
        return admin().contentType(ContentType.JSON).body(body).post("/integrations/" + integrationId + "/dataSources")
                .then().statusCode(201).extract().path("id");
    }

    private static void awaitDataSource(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/dataSources/" + id).then().body("status", equalTo(status)));
    }

    @Test
    void aRegisteredTableQueuesItsViewAsTheSystemAccountAndAnnouncesTheDataSource() {
        String integration = enabled("gov-create.example.com", true);

        String id = admin().contentType(ContentType.JSON)
                .body("{\"database\": \"sales\", \"schema\": \"public\", \"table\": \"orders\"}")
                .post("/integrations/" + integration + "/dataSources").then().statusCode(201)
                .body("integrationId", equalTo(integration)).body("database", equalTo("sales"))
                .body("schema", equalTo("public")).body("table", equalTo("orders"))
                .body("view.schema", equalTo("public_governed")).body("view.name", equalTo("orders"))
                .body("status", equalTo("creating")).body("message", nullValue()).body("policies.size()", equalTo(0))
                .extract().path("id");

        Envelope envelope = command(integration, MessageTypes.APPLY_GOVERNANCE, candidate ->
                viewOf(id, 1).test(candidate.payloadAs(GovernanceCommand.class).change()));
        GovernanceCommand command = envelope.payloadAs(GovernanceCommand.class);
        GovernanceChange.View view = (GovernanceChange.View) command.change();
        assertEquals(new GovernedTable("sales", "public", "orders", List.of(), "public_governed", "orders"), view.table());
        assertEquals(GovernanceChange.CREATE_VIEW, view.step());
        assertEquals(List.of(), view.rules());
        assertTrue(command.deadline().isAfter(java.time.Instant.now()));
        Credentials login = Json.convert(Json.read(sealer.unseal(command.sealedCredentials(),
                SealingContext.commandCredentials(integration, envelope.operationId(), command.spec()))), Credentials.class);
        assertEquals(new Credentials("immuta_system", ACCOUNT_PASSWORD), login, "views are owned by the system account");

        DataSourceChanged changed = awaitDataSourceChanged(integration, id, "creating");
        assertEquals("sales", changed.database());
        assertEquals("public_governed", changed.viewSchema());

        admin().get("/integrations/" + integration + "/dataSources").then().statusCode(200).body("id", hasItem(id));
        admin().get("/dataSources/" + id).then().statusCode(200).body("table", equalTo("orders"));

        // the worker read the columns and applied the view
        outcome(integration, id, 1, GovernanceChange.CREATE_VIEW, GovernanceApplied.APPLIED, null, COLUMNS);
        awaitDataSource(id, "active");
        awaitDataSourceChanged(integration, id, "active");
    }

    @Test
    void aTableOrViewRegisteredTwiceIsAConflictAndBadRequestsNameTheirField() {
        String integration = enabled("gov-conflict.example.com", false);
        dataSource(integration, "{\"database\": \"sales\", \"schema\": \"public\", \"table\": \"orders\"}");

        admin().contentType(ContentType.JSON).body("{\"database\": \"SALES\", \"schema\": \"Public\", \"table\": \"ORDERS\"}")
                .post("/integrations/" + integration + "/dataSources").then().statusCode(409)
                .body("message", containsString("public.orders is already registered"));
        admin().contentType(ContentType.JSON).body("{\"database\": \"sales\", \"schema\": \"crm\", \"table\": \"orders\","
                        + " \"viewSchema\": \"public_governed\"}")
                .post("/integrations/" + integration + "/dataSources").then().statusCode(409)
                .body("message", containsString("public_governed.orders"));

        admin().contentType(ContentType.JSON).body("{\"schema\": \"public\", \"table\": \"orders\"}")
                .post("/integrations/" + integration + "/dataSources").then().statusCode(400)
                .body("errors[0].field", equalTo("database")).body("errors[0].rule", equalTo("required"));
        admin().contentType(ContentType.JSON).body("{\"database\": \"sales\", \"schema\": \"public\", \"table\": \"orders; drop\"}")
                .post("/integrations/" + integration + "/dataSources").then().statusCode(400)
                .body("errors[0].field", equalTo("table"));
        admin().contentType(RequestBodiesYaml.TYPE).body("database: sales\nschema: public\ntable: items\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/integrations/" + integration + "/dataSources").then().statusCode(201).body("table", equalTo("items"));

        admin().contentType(ContentType.JSON).body("{\"database\": \"sales\", \"schema\": \"public\", \"table\": \"orders\"}")
                .post("/integrations/987654/dataSources").then().statusCode(404);
        admin().get("/dataSources/987654").then().statusCode(404);
        admin().delete("/dataSources/not-a-number").then().statusCode(404);

        // an integration that is not created yet governs nothing
        String creating = admin().contentType(ContentType.JSON).body(body("gov-creating.example.com", true, "immuta", "dev"))
                .post("/integrations").then().extract().path("id");
        admin().contentType(ContentType.JSON).body("{\"database\": \"sales\", \"schema\": \"public\", \"table\": \"orders\"}")
                .post("/integrations/" + creating + "/dataSources").then().statusCode(409)
                .body("message", containsString("cannot govern data sources"));
    }

    @Test
    void inSingleDatabaseModeTheTableIsInTheIntegrationsOwnDatabase() {
        String integration = enabled(body("gov-single.example.com", false, "dev", "dev"));
        admin().contentType(ContentType.JSON).body("{\"database\": \"sales\", \"schema\": \"public\", \"table\": \"orders\"}")
                .post("/integrations/" + integration + "/dataSources").then().statusCode(400)
                .body("errors[0].field", equalTo("database")).body("errors[0].rule", equalTo("single-database"));
        String id = admin().contentType(ContentType.JSON).body("{\"schema\": \"public\", \"table\": \"orders\"}")
                .post("/integrations/" + integration + "/dataSources").then().statusCode(201)
                .body("database", equalTo("dev")).extract().path("id");
        GovernanceChange.View view = (GovernanceChange.View) governance(integration, viewOf(id, 1)).change();
        assertNull(view.table().database(), "the managed database itself");
    }

    @Test
    void aPolicyEditRebuildsEveryAffectedViewWithTheCombinedRulesOfItsPolicies() {
        String integration = enabled("gov-policy.example.com", true);
        String orders = dataSource(integration, "{\"database\": \"sales\", \"schema\": \"public\", \"table\": \"orders\"}");
        String items = dataSource(integration, "{\"database\": \"sales\", \"schema\": \"public\", \"table\": \"items\"}");

        admin().contentType(ContentType.JSON).body("{\"name\": \"bad\", \"dataSources\": [\"" + orders + "\", \"987654\"],"
                        + " \"rules\": [{\"type\": \"rowFilter\", \"inGroups\": [\"x\"]}]}").post("/policies").then().statusCode(400)
                .body("errors[0].field", equalTo("dataSources[1]")).body("errors[0].rule", equalTo("unknown"));
        admin().contentType(ContentType.JSON).body("{\"name\": \"bad\", \"dataSources\": [\"" + orders + "\"],"
                + " \"rules\": [{\"type\": \"mask\", \"columns\": [\"email\"], \"method\": \"scramble\"}]}").post("/policies")
                .then().statusCode(400).body("errors[0].field", equalTo("rules[0].method"));

        String byRegion = admin().contentType(ContentType.JSON).body("{\"name\": \"orders by region\", \"dataSources\": [\"" + orders + "\"],"
                        + " \"rules\": [{\"type\": \"rowFilter\", \"column\": \"region\", \"matchesAttribute\": \"region\"}]}")
                .post("/policies").then().statusCode(201).body("name", equalTo("orders by region"))
                .body("dataSources", equalTo(List.of(orders))).body("rules[0].type", equalTo("rowFilter"))
                .extract().path("id");
        GovernanceChange.View first = (GovernanceChange.View) governance(integration, viewOf(orders, 2)).change();
        assertEquals(List.of(new PolicyRule.RowFilter("region", "region", null)), first.rules());
        assertEquals(GovernanceChange.REPLACE_VIEW, first.step());

        String masks = admin().contentType(ContentType.JSON).body("{\"name\": \"masks\", \"dataSources\": [\"" + orders + "\"],"
                        + " \"rules\": [{\"type\": \"mask\", \"columns\": [\"email\"], \"method\": \"hash\", \"exceptGroups\": [\"auditors\"]}]}")
                .post("/policies").then().statusCode(201).extract().path("id");
        PolicyRule.Mask mask = new PolicyRule.Mask(List.of("email"), MaskMethod.HASH, null, List.of("auditors"));
        GovernanceChange.View both = (GovernanceChange.View) governance(integration, viewOf(orders, 3)).change();
        assertEquals(List.of(new PolicyRule.RowFilter("region", "region", null), mask), both.rules(), "in the order of the policies' ids");

        // the first policy now applies to both tables and filters by group: each view gets the rules of all its policies
        admin().contentType(RequestBodiesYaml.TYPE).body(("name: by group\ndataSources: [\"" + items + "\", \"" + orders + "\"]\n"
                        + "rules:\n  - type: rowFilter\n    inGroups: [sales]\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .put("/policies/" + byRegion).then().statusCode(200).body("dataSources", equalTo(List.of(items, orders)));
        PolicyRule.RowFilter byGroup = new PolicyRule.RowFilter(null, null, List.of("sales"));
        assertEquals(List.of(byGroup, mask), ((GovernanceChange.View) governance(integration, viewOf(orders, 4)).change()).rules());
        assertEquals(List.of(byGroup), ((GovernanceChange.View) governance(integration, viewOf(items, 2)).change()).rules());
        TopicRecords.await(bootstrapServers, Topics.EVENTS, event -> integration.equals(event.key())
                && MessageTypes.DATA_SOURCE_CHANGED.equals(TopicRecords.header(event, EnvelopeCodec.HEADER_MESSAGE_TYPE))
                && EnvelopeCodec.decodeChecked(event.value()).payloadAs(DataSourceChanged.class).policies().stream()
                .map(DataSourceChanged.PolicySummary::name).toList().equals(List.of("by group", "masks")), Duration.ofSeconds(30));
        admin().get("/dataSources/" + orders).then().body("policies.name", equalTo(List.of("by group", "masks")));

        admin().delete("/policies/" + masks).then().statusCode(204);
        assertEquals(List.of(byGroup), ((GovernanceChange.View) governance(integration, viewOf(orders, 5)).change()).rules());
        admin().get("/policies/" + masks).then().statusCode(404);
        admin().delete("/policies/" + masks).then().statusCode(404);
        admin().get("/policies").then().statusCode(200).body("id", hasItem(byRegion)).body("id", not(hasItem(masks)));
    }

    @Test
    void anOutcomeCountsForTheCurrentRevisionOnlyAndADeleteDropsTheView() {
        String integration = enabled("gov-outcome.example.com", true);
        String id = dataSource(integration, "{\"database\": \"sales\", \"schema\": \"public\", \"table\": \"orders\"}");
        admin().contentType(ContentType.JSON).body("{\"name\": \"p\", \"dataSources\": [\"" + id + "\"],"
                        + " \"rules\": [{\"type\": \"rowFilter\", \"inGroups\": [\"x\"]}]}")
                .post("/policies").then().statusCode(201);
        governance(integration, viewOf(id, 2));

        // revision 1 failing late changes nothing; revision 2's outcome counts
        outcome(integration, id, 1, GovernanceChange.CREATE_VIEW, GovernanceApplied.FAILED, "table public.orders does not exist", List.of());
        outcome(integration, id, 2, GovernanceChange.REPLACE_VIEW, GovernanceApplied.SCRIPT_PENDING, "run the script", COLUMNS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/dataSources/" + id).then()
                .body("message", equalTo("run the script")).body("status", equalTo("creating")));
        outcome(integration, id, 2, GovernanceChange.REPLACE_VIEW, GovernanceApplied.FAILED,
                "the system account immuta_system cannot read public.orders: GRANT ...", List.of());
        awaitDataSource(id, "error");
        admin().get("/dataSources/" + id).then().body("message", containsString("cannot read public.orders"));

        admin().delete("/dataSources/" + id).then().statusCode(202).body("status", equalTo("deleting")).body("policies.size()", equalTo(0));
        GovernanceChange.View drop = (GovernanceChange.View) governance(integration, viewOf(id, 3)).change();
        assertTrue(drop.drop());
        assertEquals(GovernanceChange.DROP_VIEW, drop.step());
        admin().get("/policies").then().body("find { it.name == 'p' }.dataSources.size()", equalTo(0));

        outcome(integration, id, 3, GovernanceChange.DROP_VIEW, GovernanceApplied.APPLIED, null, List.of());
        awaitDataSource(id, "deleted");
        awaitDataSourceChanged(integration, id, "deleted");
        admin().delete("/dataSources/" + id).then().statusCode(409);
        admin().get("/integrations/" + integration + "/dataSources").then().body("id", not(hasItem(id)));
    }

    @Test
    void usersReachEveryGovernedTargetWithRisingRevisionsAndANewIntegrationGetsThemAll() {
        String one = enabled("gov-users-1.example.com", true);
        String two = enabled("gov-users-2.example.com", false);

        admin().contentType(ContentType.JSON).body("{\"attributes\": {\"region\": [\"east\"]}, \"groups\": [\"auditors\"]}")
                .put("/users/Alice.Smith").then().statusCode(201).body("userName", equalTo("Alice.Smith"))
                .body("attributes.region", equalTo(List.of("east"))).body("groups", equalTo(List.of("auditors")));
        admin().contentType(ContentType.JSON).body("{\"attributes\": {\"region\": [\"west\"]}}")
                .put("/users/alice.smith").then().statusCode(200).body("groups", equalTo(List.of()));
        for (String integration : List.of(one, two)) {
            UserProfile first = ((GovernanceChange.Profiles) governance(integration, profileOf("Alice.Smith", 1)).change()).profiles().get(0);
            assertEquals(List.of("east"), first.entitlements().attributes().get("region"));
            UserProfile second = ((GovernanceChange.Profiles) governance(integration, profileOf("alice.smith", 2)).change()).profiles().get(0);
            assertEquals(Map.of("region", List.of("west")), second.entitlements().attributes());
        }
        admin().get("/users/ALICE.SMITH").then().statusCode(200).body("attributes.region", equalTo(List.of("west")));
        admin().get("/users").then().statusCode(200).body("userName", hasItem("alice.smith"));
        admin().contentType(ContentType.JSON).body("{\"attributes\": {\"region\": \"east\"}}").put("/users/bob")
                .then().statusCode(400).body("errors[0].field", equalTo("attributes.region"));
        admin().contentType(ContentType.JSON).body("{}").put("/users/bad;name").then().statusCode(400)
                .body("errors[0].field", equalTo("userName"));

        // an integration created now gets every user at once
        String three = enabled("gov-users-3.example.com", true);
        governance(three, profileOf("alice.smith", 2));

        admin().delete("/users/alice.smith").then().statusCode(204);
        UserProfile removed = ((GovernanceChange.Profiles) governance(one, profileOf("alice.smith", 3)).change()).profiles().get(0);
        assertTrue(removed.removed());
        admin().get("/users/alice.smith").then().statusCode(404);
        admin().delete("/users/alice.smith").then().statusCode(404);
        admin().contentType(ContentType.JSON).body("{}").put("/users/alice.smith").then().statusCode(201);
        governance(two, profileOf("alice.smith", 4));
    }

    @Test
    void aCheckCarriesWhatTheTargetShouldHoldAndTheScriptCreatesTheViews() {
        String integration = enabled("gov-state.example.com", false);
        String id = dataSource(integration, "{\"database\": \"sales\", \"schema\": \"public\", \"table\": \"orders\"}");
        admin().contentType(ContentType.JSON).body("{\"attributes\": {\"region\": [\"east\"]}}").put("/users/carol").then().statusCode(201);
        admin().contentType(ContentType.JSON).body("{\"name\": \"masked\", \"dataSources\": [\"" + id + "\"],"
                + " \"rules\": [{\"type\": \"mask\", \"columns\": [\"email\"], \"method\": \"null\"}]}").post("/policies").then().statusCode(201);
        outcome(integration, id, 2, GovernanceChange.REPLACE_VIEW, GovernanceApplied.SCRIPT_PENDING, "run the script", COLUMNS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/dataSources/" + id).then()
                .body("message", equalTo("run the script")));

        // the periodic checks (every 2 s in tests) carry the governance state
        Envelope check = command(integration, MessageTypes.REVALIDATE_INTEGRATION, envelope -> {
            GovernanceState state = envelope.payloadAs(RevalidationRequest.class).governance();
            return state != null && state.views().stream().anyMatch(view -> view.dataSourceId() == Long.parseLong(id)
                    && view.table().columns().equals(COLUMNS));
        });
        GovernanceState state = check.payloadAs(RevalidationRequest.class).governance();
        GovernanceChange.View view = state.views().stream().filter(candidate -> candidate.dataSourceId() == Long.parseLong(id))
                .findFirst().orElseThrow();
        assertTrue(view.replace());
        assertFalse(view.drop());
        assertEquals(2, view.revision());
        assertEquals(List.of(new PolicyRule.Mask(List.of("email"), MaskMethod.NULL, null, List.of())), view.rules());
        assertTrue(state.unsettled().contains(Long.parseLong(id)), "creating until a check finds it in step");
        assertTrue(state.profiles().stream().anyMatch(profile -> profile.userName().equals("carol") && !profile.removed()));
        String recordedMode = admin().get("/integrations/" + integration).then().extract().path("databaseMode");
        assertEquals(recordedMode, state.databaseMode() == null ? null : state.databaseMode().wireName(),
                "the check's repairs carry the mode the gateway recorded");

        // a check that finds the view in step settles it
        outcome(integration, id, 2, GovernanceChange.REPLACE_VIEW, GovernanceApplied.APPLIED, null, List.of());
        awaitDataSource(id, "active");
        admin().get("/dataSources/" + id).then().body("message", nullValue());

        String script = admin().post("/integrations/" + integration + "/scripts/policies").then().statusCode(200)
                .body("database", equalTo("immuta")).body("dialect", equalTo("redshift")).extract().path("script");
        assertTrue(script.contains("CREATE VIEW \"public_governed\".\"orders\" AS SELECT"), script);
        assertTrue(script.contains("\"sales\".\"public\".\"orders\""), script);
        assertTrue(script.contains("WITH NO SCHEMA BINDING"), script);
        assertTrue(script.contains("'carol'"), script);
        admin().post("/integrations/" + integration + "/scripts/policies?dialect=postgresql").then().statusCode(400)
                .body("errors[0].field", equalTo("dialect"));
        admin().post("/integrations/987654/scripts/policies").then().statusCode(404);
    }

    @Test
    void aDisabledIntegrationsDataSourcesAreDeleted() {
        String integration = enabled("gov-disable.example.com", true);
        String id = dataSource(integration, "{\"database\": \"sales\", \"schema\": \"public\", \"table\": \"orders\"}");
        admin().delete("/integrations/" + integration + "?force=true").then().statusCode(200);
        awaitDataSource(id, "deleted");
        awaitDataSourceChanged(integration, id, "deleted");
        long commands = applyCommands(integration).size();
        admin().contentType(ContentType.JSON).body("{\"groups\": [\"x\"]}").put("/users/dave").then().statusCode(201);
        admin().get("/users/dave").then().statusCode(200);
        assertEquals(commands, applyCommands(integration).size(), "a disabled integration is not governed");
    }

    @Test
    void readersMayReadGovernedDataButNotChangeIt() {
        String reader = admin().contentType(ContentType.JSON).body("{\"name\": \"gov-reader\", \"permissions\": [\"INTEGRATION_READ\"]}")
                .post("/api-keys").then().statusCode(201).extract().path("key");
        given().header("Authorization", reader).get("/users").then().statusCode(200);
        given().header("Authorization", reader).get("/policies").then().statusCode(200);
        given().header("Authorization", reader).get("/dataSources/987654").then().statusCode(404);
        given().header("Authorization", reader).contentType(ContentType.JSON).body("{}").put("/users/erin").then().statusCode(403);
        given().header("Authorization", reader).delete("/dataSources/1").then().statusCode(403);
    }

    /** The YAML media type the API reads. */
    private static final class RequestBodiesYaml {
        static final String TYPE = "application/yaml";
    }
}
