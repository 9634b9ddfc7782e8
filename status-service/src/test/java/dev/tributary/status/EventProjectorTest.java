package dev.tributary.status;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** The status view is folded from integration.events alone; repeats and stale events change nothing. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class EventProjectorTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    DataSource dataSource;

    private String reader;

    @BeforeEach
    void grantReaderKey() {
        reader = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.INTEGRATION_READ));
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event), EnvelopeCodec.headers(event));
    }

    @Test
    void anOperationsEventsBecomeTheViewAndItsTimeline() {
        String id = Long.toString(System.nanoTime() % 1_000_000_000L);
        UUID operation = UUID.randomUUID();
        RedshiftConfig config = new RedshiftConfig("status.example.com", 5439, "immuta", "dev", Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
        Envelope started = Envelope.of(MessageTypes.OPERATION_STARTED, id, operation, new OperationStarted(Operation.CREATE,
                Operation.CREATE.inProgress(), IntegrationType.REDSHIFT, true, config.targetDescription(), config.redactedView()));
        Envelope validated = Envelope.of(MessageTypes.VALIDATION_COMPLETED, id, operation, new ValidationCompleted(Operation.CREATE,
                ValidationResults.of(List.of(ValidationTest.passed("Initial Validation: Basic Connection Test", List.of())))));
        // times keep their precision in the API, to the microsecond
        Instant stepStart = Instant.parse("2026-11-30T09:00:00.123456Z");
        Instant stepEnd = Instant.parse("2026-11-30T09:00:00.165Z");
        Envelope step = Envelope.of(MessageTypes.STEP_COMPLETED, id, operation, new StepCompleted(Operation.CREATE,
                "create-database", stepStart, stepEnd, StepCompleted.DONE));
        Envelope succeeded = Envelope.of(MessageTypes.OPERATION_SUCCEEDED, id, operation, OperationFinished.succeeded(Operation.CREATE));

        publish(started);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StatusApiKeys.as(reader).get("/integrations/" + id).then()
                .statusCode(200).body("status", equalTo("creating")).body("currentOperation.operation", equalTo("create")));
        StatusApiKeys.as(reader).get("/summary").then().statusCode(200)
                .body("byStatus.creating", greaterThanOrEqualTo(1))
                .body("operationsInFlight", greaterThanOrEqualTo(1))
                .body("oldestOperationAgeSeconds", notNullValue());

        for (Envelope event : List.of(validated, step, succeeded, step, validated)) {
            publish(event);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StatusApiKeys.as(reader).get("/integrations/" + id).then()
                .statusCode(200)
                .body("status", equalTo("enabled"))
                .body("type", equalTo("Redshift"))
                .body("target", equalTo("host status.example.com"))
                .body("config.password", equalTo("<REDACTED>"))
                .body("validationResults.status", equalTo("passed"))
                .body("timeline", hasSize(4))
                .body("timeline.find { it.step == 'create-database' }.durationMs", equalTo(42))
                .body("timeline.find { it.step == 'create-database' }.startedAt", equalTo("2026-11-30T09:00:00.123456Z"))
                .body("timeline.find { it.step == 'create-database' }.finishedAt", equalTo("2026-11-30T09:00:00.165Z"))
                .body("timeline.find { it.step == 'create-database' }.occurredAt", sameInstant(step.occurredAt())));
        StatusApiKeys.as(reader).get("/integrations?status=enabled&type=Redshift").then().statusCode(200)
                .body("items.id", hasItem(id));
        StatusApiKeys.as(reader).get("/integrations?status=creating&q=" + id).then().statusCode(200)
                .body("total", equalTo(0));
        StatusApiKeys.as(reader).get("/integrations/not-there").then().statusCode(404)
                .body("message", equalTo("No integration found with ID not-there."));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/integrations/{id}'.get", notNullValue());
    }

    @Test
    void anOlderOperationArrivingLateDoesNotOverwriteANewerOne() {
        String id = newId();
        Envelope oldCreate = started(id, UUID.randomUUID(), Operation.CREATE, Instant.now().minusSeconds(60));
        Envelope newEdit = started(id, UUID.randomUUID(), Operation.EDIT, Instant.now());
        publish(newEdit);
        publish(oldCreate);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StatusApiKeys.as(reader).get("/integrations/" + id).then()
                .statusCode(200).body("timeline", hasSize(2)));
        StatusApiKeys.as(reader).get("/integrations/" + id).then()
                .body("status", equalTo("editing"))
                .body("currentOperation.operationId", equalTo(newEdit.operationId().toString()));
    }

    /**
     * During a partition handover another instance may commit an event this one has already read a document for;
     * meeting that event as a repeat must still drop the kept document.
     */
    @Test
    void aRepeatedEventStillDropsTheKeptDocument() throws Exception {
        String id = newId();
        UUID operation = UUID.randomUUID();
        publish(started(id, operation, Operation.CREATE, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StatusApiKeys.as(reader).get("/integrations/" + id)
                .then().statusCode(200).body("status", equalTo("creating")));
        Thread.sleep(300); // the projector marks the integration as kept right after its commit, which the read may beat
        StatusApiKeys.as(reader).get("/integrations/" + id).then().body("status", equalTo("creating")); // now kept

        Envelope failed = Envelope.of(MessageTypes.OPERATION_FAILED, id, operation,
                OperationFinished.failed(Operation.CREATE, "the target went away"));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            // what the other instance committed: the event in the timeline, and its change to the row
            statement.execute("INSERT INTO timeline_event (message_id, integration_id, operation_id, type, occurred_at)"
                    + " VALUES ('" + failed.messageId() + "', '" + id + "', '" + operation + "', 'OperationFailed', now())");
            statement.execute("UPDATE integration_view SET status = 'createError' WHERE id = '" + id + "'");
        }
        StatusApiKeys.as(reader).get("/integrations/" + id).then().body("status", equalTo("creating")); // still the kept one

        publish(failed);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StatusApiKeys.as(reader).get("/integrations/" + id)
                .then().statusCode(200).body("status", equalTo("createError")));
    }

    @Test
    void aBatchIsFoldedInOrderWhileItsUnreadableRecordIsDeadLetteredAlone() {
        String id = newId();
        UUID operation = UUID.randomUUID();
        Envelope started = started(id, operation, Operation.CREATE, Instant.now());
        Envelope validated = Envelope.of(MessageTypes.VALIDATION_COMPLETED, id, operation, new ValidationCompleted(Operation.CREATE,
                ValidationResults.of(List.of(ValidationTest.passed("Initial Validation: Basic Connection Test", List.of())))));
        Envelope succeeded = Envelope.of(MessageTypes.OPERATION_SUCCEEDED, id, operation, OperationFinished.succeeded(Operation.CREATE));
        String garbage = "batch-" + id + " is not an event";
        // readable, but a start without any of its fields: the view cannot fold it
        Envelope hollow = Envelope.of(MessageTypes.OPERATION_STARTED, id, UUID.randomUUID(), Json.read("{}"));
        // readable and whole, but PostgreSQL refuses text with a NUL character: only a database can tell
        String other = newId() + "7";
        Envelope refused = Envelope.of(MessageTypes.OPERATION_FAILED, other, UUID.randomUUID(),
                OperationFinished.failed(Operation.CREATE, "nul \u0000 inside"));
        // one integration's whole operation, a garbage record, an empty one and a repeat in its midst, sent together so that
        // they are polled as one batch: the order within the batch must hold (else it would not end enabled), and only the garbage may be lost
        TopicRecords.sendAll(bootstrapServers, Topics.EVENTS, List.of(
                outgoing(started), new TopicRecords.Outgoing(id, garbage, Map.of()), outgoing(validated), outgoing(refused),
                new TopicRecords.Outgoing(id, null, Map.of()), outgoing(hollow), outgoing(validated), outgoing(succeeded)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StatusApiKeys.as(reader).get("/integrations/" + id).then()
                .statusCode(200)
                .body("status", equalTo("enabled"))
                .body("validationResults.status", equalTo("passed"))
                .body("timeline.type", containsInAnyOrder(MessageTypes.OPERATION_STARTED,
                        MessageTypes.VALIDATION_COMPLETED, MessageTypes.OPERATION_SUCCEEDED)));
        var dead = TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.EVENTS),
                record -> garbage.equals(record.value()), Duration.ofSeconds(30));
        assertEquals(id, dead.key());
        assertFalse(TopicRecords.header(dead, "dead-letter-reason").isBlank());
        assertEquals(Topics.EVENTS, TopicRecords.header(dead, "dead-letter-topic"));
        var tombstone = TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.EVENTS),
                record -> id.equals(record.key()) && record.value() == null, Duration.ofSeconds(30));
        assertEquals("empty record value", TopicRecords.header(tombstone, "dead-letter-reason"));
        TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.EVENTS),
                record -> hollow.messageId().toString().equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_ID)),
                Duration.ofSeconds(30));
        var refusedByTheView = TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.EVENTS),
                record -> refused.messageId().toString().equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_ID)),
                Duration.ofSeconds(60));
        assertTrue(TopicRecords.header(refusedByTheView, "dead-letter-reason").contains("refuses"));
    }

    private static TopicRecords.Outgoing outgoing(Envelope event) {
        return new TopicRecords.Outgoing(event.integrationId(), EnvelopeCodec.encode(event), EnvelopeCodec.headers(event));
    }

    @Test
    void theListIsPagedAndSearchedByIdAndTarget() {
        String prefix = "page" + (System.nanoTime() % 1_000_000L) + "-";
        for (int i = 0; i < 3; i++) {
            publish(started(prefix + i, UUID.randomUUID(), Operation.CREATE, Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StatusApiKeys.as(reader)
                .get("/integrations?q=" + prefix).then().statusCode(200).body("total", equalTo(3)));
        StatusApiKeys.as(reader).get("/integrations?q=" + prefix.toUpperCase() + "&limit=2&offset=1").then().statusCode(200)
                .body("total", equalTo(3)).body("limit", equalTo(2)).body("offset", equalTo(1))
                .body("items.id", contains(prefix + "1", prefix + "2"));
        StatusApiKeys.as(reader).get("/integrations?q=status.example").then().statusCode(200)
                .body("items.id", hasItem(prefix + "0"));
        StatusApiKeys.as(reader).get("/integrations?q=%25").then().statusCode(200)
                .body("total", equalTo(0)); // a % in the search is a character, not a wildcard
    }

    @Test
    void aBadQueryIsA400NamingEachParameterAndRule() {
        StatusApiKeys.as(reader).get("/integrations?limit=0&offset=-1&status=happy&type=Oracle").then().statusCode(400)
                .body("statusCode", equalTo(400))
                .body("errors.field", containsInAnyOrder("limit", "offset", "status", "type"))
                .body("errors.find { it.field == 'limit' }.rule", equalTo("range"))
                .body("errors.find { it.field == 'status' }.rule", equalTo("enum"));
        StatusApiKeys.as(reader).get("/integrations?limit=" + "9".repeat(30)).then().statusCode(400)
                .body("errors.field", contains("limit"));
        // a NUL byte would be refused by PostgreSQL; it is the client's mistake, not the database being away
        StatusApiKeys.as(reader).urlEncodingEnabled(false).get("/integrations?q=a%00b").then().statusCode(400)
                .body("errors.field", contains("q"));
        StatusApiKeys.as(reader).urlEncodingEnabled(false).get("/integrations/a%00b").then().statusCode(404);
    }

    private static String newId() {
        return Long.toString(System.nanoTime() % 1_000_000_000L);
    }

    private static Envelope started(String id, UUID operationId, Operation operation, Instant at) {
        RedshiftConfig config = new RedshiftConfig("status.example.com", 5439, "immuta", "dev", Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
        return new Envelope(UUID.randomUUID(), MessageTypes.OPERATION_STARTED, id, operationId, at, Envelope.SCHEMA_VERSION,
                Json.tree(new OperationStarted(operation, operation.inProgress(), IntegrationType.REDSHIFT, true,
                        config.targetDescription(), config.redactedView())));
    }

    /** A time as the API writes it, equal to {@code expected} to the microsecond the view keeps. */
    private static Matcher<String> sameInstant(Instant expected) {
        return new FeatureMatcher<>(equalTo(expected.truncatedTo(ChronoUnit.MICROS)), "an ISO-8601 time", "time") {
            @Override
            protected Instant featureValueOf(String text) {
                return Instant.parse(text);
            }
        };
    }
}
