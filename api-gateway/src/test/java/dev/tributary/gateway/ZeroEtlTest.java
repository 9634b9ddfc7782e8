package dev.tributary.gateway;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.messaging.ProviderStatusChanged;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.ZeroEtlWatchRequest;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.GovernedEndpoint;
import dev.tributary.contracts.zeroetl.ProviderError;
import dev.tributary.contracts.zeroetl.ProviderState;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.support.rds.RdsClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-ETL in the gateway against the RDS stand-in (through the real SDK client), a real broker and PostgreSQL:
 * adoption by ARN, creates with only RDS's parameters, the asked-for checks in RDS, and refreshes. The workers are
 * played by the test through the topics. (The periodic checks: {@code service.ZeroEtlWatchTest}.)
 */
@QuarkusTest
@TestProfile(ZeroEtlProfile.class)
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "api_gateway_zero_etl"), @ResourceArg(name = "rds", value = "true")})
class ZeroEtlTest {
    private static final String KEY = "test-admin-key-of-at-least-32-bytes";
    private static final String ACCOUNT = "123456789012";
    private static final String SOURCE_CLUSTER = "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster:source-db";
    private static final String SOURCE_INSTANCE = "arn:aws:rds:us-east-1:" + ACCOUNT + ":db:source-db";
    private static final String SOURCE_PG = "arn:aws:rds:us-east-1:" + ACCOUNT + ":cluster:source-pg";
    private static final ValidationResults HEALTHY = ValidationResults.of(List.of(
            ValidationTest.passed("Validate Zero-ETL: Integration Is Healthy In RDS", List.of("active"))));
    private static final ValidationResults TROUBLED = ValidationResults.of(List.of(ValidationTest.failed(
            "Validate Zero-ETL: Integration Is Healthy In RDS", "RDS reports needs_attention: E1: the binlog is off")));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "tributary.test.rds.endpoint")
    String rdsEndpoint;
    @Inject
    RdsClients rdsClients;
    @Inject
    IntegrationRepository integrations;
    @Inject
    SecretSealer sealer;

    private static RequestSpecification admin() {
        return given().header("Authorization", KEY);
    }

    private RdsClient rds() {
        return rdsClients.forRegion("us-east-1");
    }

    private static String namespace() {
        return "arn:aws:redshift-serverless:us-east-1:" + ACCOUNT + ":namespace/" + UUID.randomUUID();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An integration made in RDS directly, as another tool would; its ARN. */
    private String createdElsewhere(String name, String source, String target, Tag... tags) {
        return rds().createIntegration(request -> request.integrationName(name).sourceArn(source).targetArn(target)
                .description("made by hand").tags(tags)).integrationArn();
    }

    private static String adoption(String arn, String extraFields) {
        return "{\"type\": \"ZeroETL\", \"autoBootstrap\": true, \"config\": {\"integrationArn\": \"" + arn + "\"" + extraFields + "}}";
    }

    private static String created(String name, String source, String target, String extraFields) {
        return "{\"type\": \"ZeroETL\", \"autoBootstrap\": true, \"config\": {\"integrationName\": \"" + name
                + "\", \"sourceArn\": \"" + source + "\", \"targetArn\": \"" + target + "\"" + extraFields + "}}";
    }

    private static String post(String body) {
        return admin().contentType(ContentType.JSON).body(body).post("/integrations").then().statusCode(202).extract().path("id");
    }

    private Envelope command(String id, String type) {
        return EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, Topics.COMMANDS, record -> id.equals(record.key())
                && type.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE)), Duration.ofSeconds(30)).value());
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event), EnvelopeCodec.headers(event));
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/integrations/" + id).then().body("status", equalTo(status)));
    }

    /** Plays a create to its end as the workers would: RDS made (or adopted) {@code arn}, and it is active. */
    private void enable(String id, String arn) {
        Envelope create = command(id, MessageTypes.CREATE_INTEGRATION);
        publish(create.reply(MessageTypes.PROVIDER_STATUS_CHANGED, "active", new ProviderStatusChanged(Operation.CREATE, arn,
                "active", List.of(), Instant.parse("2026-01-02T03:04:05Z"))));
        publish(create.reply(MessageTypes.OPERATION_SUCCEEDED, "", OperationFinished.succeeded(Operation.CREATE)));
        awaitStatus(id, "enabled");
    }

    private void control(String form) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(rdsEndpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    private List<Envelope> watches() {
        return TopicRecords.readAll(bootstrapServers, Topics.CHECKS).stream()
                .filter(record -> MessageTypes.WATCH_ZERO_ETL.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE)))
                .map(record -> EnvelopeCodec.decodeChecked(record.value())).toList();
    }

    @Test
    void anIntegrationMadeElsewhereIsAdoptedWithRdsFieldsAndNothingNewIsCreatedInRds() {
        String name = unique("adopted");
        String target = namespace();
        // an owner tag naming no live record (another system's, or a deleted one's) does not stop the adoption
        String arn = createdElsewhere(name, SOURCE_CLUSTER, target, Tag.builder().key("team").value("data").build(),
                Tag.builder().key("tributary:integration-id").value("987654321").build());

        String id = post(adoption(arn, ", \"description\": \"made by hand\""));
        admin().get("/integrations/" + id).then().statusCode(200)
                .body("status", equalTo("creating"))
                .body("integrationArn", equalTo(arn))
                .body("config.integrationName", equalTo(name))
                .body("config.sourceArn", equalTo(SOURCE_CLUSTER))
                .body("config.targetArn", equalTo(target))
                .body("config.description", equalTo("made by hand"))
                .body("config.region", equalTo("us-east-1"))
                .body("config.tags.size()", equalTo(1))
                .body("config.tags[0].key", equalTo("team"));

        IntegrationCommand create = command(id, MessageTypes.CREATE_INTEGRATION).payloadAs(IntegrationCommand.class);
        assertEquals(arn, create.providerArn(), "the workers take the integration over instead of creating one");
        assertEquals(SOURCE_CLUSTER, create.spec().zeroEtl().sourceArn());
        assertEquals(1, rds().describeIntegrationsPaginator(request -> { }).integrations().stream()
                .filter(integration -> integration.targetArn().equals(target)).count(), "RDS still has the one integration");

        admin().contentType(ContentType.JSON).body(adoption(arn, "")).post("/integrations").then().statusCode(409)
                .body("message", containsString("already managed by integration with ID " + id));
    }

    @Test
    void anAdoptionOfWhatRdsDoesNotKnowOrWithFieldsRdsHasOtherwiseIsABadRequest() {
        String unknown = "arn:aws:rds:us-east-1:" + ACCOUNT + ":integration:" + UUID.randomUUID();
        admin().contentType(ContentType.JSON).body(adoption(unknown, "")).post("/integrations").then().statusCode(400)
                .body("errors[0].field", equalTo("config.integrationArn"))
                .body("errors[0].rule", equalTo("not-found"))
                .body("errors[0].message", containsString("us-east-1"));

        String name = unique("disagreed");
        String arn = createdElsewhere(name, SOURCE_PG, namespace());
        admin().contentType(ContentType.JSON).body(adoption(arn, ", \"integrationName\": \"another-name\""))
                .post("/integrations").then().statusCode(400)
                .body("errors.size()", equalTo(1))
                .body("errors[0].field", equalTo("config.integrationName"))
                .body("errors[0].message", allOf(containsString("\"another-name\""), containsString("RDS has \"" + name + "\"")));
        assertTrue(integrations.liveIdForProvider(arn).isEmpty(), "nothing was registered");
    }

    @Test
    void anAdoptionIsAnswered503WhileRdsThrottles() throws Exception {
        control("Action=StandInFailNextRequests&Count=2&Code=Throttling&HttpStatus=400");
        String arn = "arn:aws:rds:us-east-1:" + ACCOUNT + ":integration:" + UUID.randomUUID();
        admin().contentType(ContentType.JSON).body(adoption(arn, "")).post("/integrations").then().statusCode(503)
                .header("Retry-After", equalTo("5"))
                .body("message", allOf(containsString("throttling"), containsString(arn), containsString("retry")));
    }

    @Test
    void aCreateWithOnlyTheRdsParametersIsInTheRegionOfItsSourceAndNamesTheGovernedHostsThatCouldBeItsTarget() {
        String sameRegion = post("""
                {"type": "Redshift", "autoBootstrap": false, "config": {"host": "%s.c0ffee.us-east-1.redshift.amazonaws.com",
                 "database": "immuta", "initialDatabase": "dev", "authenticationType": "userPassword",
                 "username": "immuta_system", "password": "pw-1"}}""".formatted(unique("gov")));
        String otherRegion = post("""
                {"type": "Redshift", "autoBootstrap": false, "config": {"host": "%s.c0ffee.eu-west-1.redshift.amazonaws.com",
                 "database": "immuta", "initialDatabase": "dev", "authenticationType": "userPassword",
                 "username": "immuta_system", "password": "pw-1"}}""".formatted(unique("gov")));

        String target = namespace();
        admin().contentType(ContentType.JSON).body(created(unique("regional"), SOURCE_INSTANCE, target, ", \"region\": \"eu-west-1\""))
                .post("/integrations").then().statusCode(400)
                .body("errors[0].field", equalTo("config.region"))
                .body("errors[0].message", allOf(containsString("eu-west-1"), containsString("us-east-1")));

        Instant before = Instant.now();
        String id = post(created(unique("plain"), SOURCE_INSTANCE, target, ""));
        admin().get("/integrations/" + id).then().body("config.region", equalTo("us-east-1")).body("integrationArn", nullValue());
        IntegrationCommand create = command(id, MessageTypes.CREATE_INTEGRATION).payloadAs(IntegrationCommand.class);
        assertNull(create.providerArn());
        Set<String> governed = create.governedEndpoints().stream().map(GovernedEndpoint::integrationId).collect(Collectors.toSet());
        assertTrue(governed.contains(sameRegion) && !governed.contains(otherRegion), governed.toString());
        assertTrue(create.governedEndpoints().stream().allMatch(endpoint -> endpoint.port() == 5439));
        // the zero-ETL deadline: 60 minutes unless configured
        assertTrue(!create.deadline().isBefore(before.plus(59, ChronoUnit.MINUTES))
                && create.deadline().isBefore(Instant.now().plus(61, ChronoUnit.MINUTES)), create.deadline().toString());

        // an RDS integration whose owner tag names this live record (its create tagged it) is not adopted again
        String tagged = createdElsewhere(unique("tagged"), SOURCE_INSTANCE, namespace(),
                Tag.builder().key("tributary:integration-id").value(id).build());
        admin().contentType(ContentType.JSON).body(adoption(tagged, "")).post("/integrations").then().statusCode(409)
                .body("message", containsString("managed by integration with ID " + id));
    }

    /**
     * Answers every watch of {@code id} queued while {@code request} runs: the periodic checks send some too, and
     * the test cannot tell which one the request waits for.
     */
    private ValidatableResponse answeringWatches(String id, ValidationResults results, ProviderState state,
                                                 Supplier<ValidatableResponse> request) {
        CompletableFuture<ValidatableResponse> answer = CompletableFuture.supplyAsync(request);
        Set<UUID> answered = new HashSet<>();
        while (!answer.isDone()) {
            for (Envelope watch : watches()) {
                for (ZeroEtlWatchRequest.Member member : watch.payloadAs(ZeroEtlWatchRequest.class).integrations()) {
                    if (member.integrationId().equals(id) && answered.add(member.checkId())) {
                        publish(watch.replyFor(id, member.checkId(), MessageTypes.REVALIDATION_COMPLETED,
                                new RevalidationCompleted(results, null, state)));
                    }
                }
            }
            sleep(200);
        }
        return answer.join();
    }

    @Test
    void aCheckRecordsWhatRdsSaysAndMovesTheIntegrationToRecurringValidationErrorAndBack() {
        String target = namespace();
        String arn = createdElsewhere(unique("watched"), SOURCE_PG, target);
        String id = post(adoption(arn, ""));
        enable(id, arn);
        admin().get("/integrations/" + id).then().body("providerStatus", equalTo("active"))
                .body("providerCreateTime", equalTo("2026-01-02T03:04:05Z")).body("providerErrors", nullValue());

        admin().contentType(ContentType.JSON).body("{\"supportObjectsVersion\": 3}").post("/integrations/" + id + "/validate")
                .then().statusCode(400).body("errors[0].field", equalTo("supportObjectsVersion"));

        Instant created = Instant.parse("2026-01-02T03:04:05Z");
        answeringWatches(id, TROUBLED, new ProviderState(arn, "needs_attention", List.of(new ProviderError("E1", "the binlog is off")),
                created), () -> admin().post("/integrations/" + id + "/validate").then()).statusCode(200)
                .body("status", equalTo("recurringValidationError"))
                .body("message", containsString("the binlog is off"));
        admin().get("/integrations/" + id).then()
                .body("providerStatus", equalTo("needs_attention"))
                .body("providerErrors.size()", equalTo(1))
                .body("providerErrors[0].code", equalTo("E1"))
                .body("providerErrors[0].message", equalTo("the binlog is off"))
                .body("providerCreateTime", equalTo("2026-01-02T03:04:05Z"));

        answeringWatches(id, HEALTHY, new ProviderState(arn, "active", List.of(), null),
                () -> admin().post("/integrations/" + id + "/validate").then()).statusCode(200)
                .body("status", equalTo("enabled"));
        admin().get("/integrations/" + id).then().body("providerStatus", equalTo("active")).body("providerErrors", nullValue())
                .body("providerCreateTime", equalTo("2026-01-02T03:04:05Z"));
    }

    @Test
    void aCheckWaitsForTheIntegrationInRds() {
        String id = post(created(unique("unmade"), SOURCE_PG, namespace(), ""));
        publish(command(id, MessageTypes.CREATE_INTEGRATION).reply(MessageTypes.OPERATION_SUCCEEDED, "",
                OperationFinished.succeeded(Operation.CREATE)));
        awaitStatus(id, "enabled");
        admin().post("/integrations/" + id + "/validate").then().statusCode(409)
                .body("message", containsString("no integration in RDS yet"));
    }

    @Test
    void aRefreshNeedsAMaterialisedZeroEtlIntegrationAndALoginAndKeepsTheStatus() {
        String login = "{\"username\": \"awsuser\", \"password\": \"materialize-Pw-1\"}";
        String governance = post("""
                {"type": "Redshift", "autoBootstrap": false, "config": {"host": "%s.example.com",
                 "database": "immuta", "initialDatabase": "dev", "authenticationType": "userPassword",
                 "username": "immuta_system", "password": "pw-1"}}""".formatted(unique("refresh-gov")));
        admin().contentType(ContentType.JSON).body(login).post("/integrations/" + governance + "/refresh").then().statusCode(400)
                .body("errors[0].field", equalTo("type")).body("message", containsString("only materialised ZeroETL integrations"));

        String plain = post(created(unique("unmaterialised"), SOURCE_CLUSTER, namespace(), ""));
        admin().contentType(ContentType.JSON).body(login).post("/integrations/" + plain + "/refresh").then().statusCode(409)
                .body("message", containsString("is not materialised"));

        String arn = createdElsewhere(unique("materialised"), SOURCE_CLUSTER, namespace());
        String id = post(adoption(arn, ", \"materialize\": {\"host\": \"sandbox.example.com\", \"database\": \"orders\","
                + " \"username\": \"awsuser\", \"password\": \"materialize-Pw-1\"}"));
        admin().contentType(ContentType.JSON).body(login).post("/integrations/" + id + "/refresh").then().statusCode(409)
                .body("message", equalTo("Unable to refresh integration with ID " + id + " in current state creating."));
        enable(id, arn);
        publish(Envelope.of(MessageTypes.REVALIDATION_COMPLETED, id, UUID.randomUUID(), new RevalidationCompleted(TROUBLED, null,
                new ProviderState(arn, "needs_attention", List.of(new ProviderError("E1", "the binlog is off")), null))));
        awaitStatus(id, "recurringValidationError");

        admin().post("/integrations/" + id + "/refresh").then().statusCode(400).body("errors[0].field", equalTo("body"));
        admin().contentType(ContentType.JSON).body("{\"authenticationType\": \"okta\", \"okta\": {}}")
                .post("/integrations/" + id + "/refresh").then().statusCode(400).body("errors[0].field", equalTo("authenticationType"));
        admin().contentType(ContentType.JSON).body("{\"username\": \"awsuser\"}").post("/integrations/" + id + "/refresh")
                .then().statusCode(400).body("errors[0].field", equalTo("password"));

        Instant before = Instant.now();
        admin().contentType(ContentType.JSON).body(login).post("/integrations/" + id + "/refresh").then().statusCode(202)
                .body("status", equalTo("recurringValidationError"))
                .body("message", containsString("poll GET /integrations/" + id));
        Envelope refresh = command(id, MessageTypes.REFRESH_INTEGRATION);
        IntegrationCommand payload = refresh.payloadAs(IntegrationCommand.class);
        assertEquals(Operation.REFRESH, payload.operation());
        assertEquals(arn, payload.providerArn());
        Credentials sealed = Json.convert(Json.read(sealer.unseal(payload.sealedCredentials(),
                SealingContext.commandCredentials(id, refresh.operationId(), payload.spec()))), Credentials.class);
        assertEquals(new Credentials("awsuser", "materialize-Pw-1"), sealed);
        assertTrue(payload.deadline().isBefore(before.plus(11, ChronoUnit.MINUTES)), "the ordinary deadline: " + payload.deadline());
        admin().get("/integrations/" + id).then().body("status", equalTo("recurringValidationError"));
        OperationStarted started = EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, Topics.EVENTS, record ->
                id.equals(record.key()) && MessageTypes.OPERATION_STARTED.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE))
                        && EnvelopeCodec.decodeChecked(record.value()).operationId().equals(refresh.operationId()),
                Duration.ofSeconds(30)).value()).payloadAs(OperationStarted.class);
        assertEquals(IntegrationStatus.RECURRING_VALIDATION_ERROR, started.status(), "announced with the status it keeps");
        admin().contentType(ContentType.JSON).body(login).post("/integrations/" + id + "/refresh").then().statusCode(409);

        publish(refresh.reply(MessageTypes.OPERATION_SUCCEEDED, "", new OperationFinished(Operation.REFRESH,
                IntegrationStatus.ENABLED, "Refreshed the tables in error.")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> admin().get("/integrations/" + id).then()
                .body("message", equalTo("Refreshed the tables in error.")));
        admin().get("/integrations/" + id).then().body("status", equalTo("recurringValidationError"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
