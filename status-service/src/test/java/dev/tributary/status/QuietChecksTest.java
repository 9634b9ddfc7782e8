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
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.WorkRefused;
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
import io.restassured.path.json.JsonPath;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A periodic check that finds what the view already shows adds no timeline row and moves only the integration's last
 * check; a check that finds something else is recorded as before; a repeat or an older check changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class QuietChecksTest {
    private static final String CONNECTION = "Initial Validation: Basic Connection Test";
    private static final RedshiftConfig CONFIG = new RedshiftConfig("quiet.example.com", 5439, "immuta", "dev",
            Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private String reader;
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    void grantReaderKey() {
        reader = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.INTEGRATION_READ));
    }

    @Test
    void aCheckThatFindsNothingNewMovesOnlyTheLastCheckAndARepeatOrAnOlderOneChangesNothing() {
        String id = enabledIntegration();
        Envelope first = check(id, 10, passed());
        publish(first);
        JsonPath recorded = awaitLastChecked(id, 10);
        assertEquals(List.of("OperationStarted", "OperationSucceeded", "RevalidationCompleted"), recorded.getList("timeline.type"),
                "the first check is news: the view had no validation results");

        publish(check(id, 20, passed()));
        JsonPath quiet = awaitLastChecked(id, 20);
        assertEquals(3, quiet.getList("timeline").size(), "the same outcome again adds no row: " + quiet.prettify());
        assertEquals(recorded.getString("updatedAt"), quiet.getString("updatedAt"), "nothing else of the view changed");

        publish(first); // redelivered: it has no newer timeline row to be found by, and must not move the last check back
        Envelope after = new Envelope(UUID.randomUUID(), MessageTypes.WORK_REFUSED, id, UUID.randomUUID(),
                start.plus(Duration.ofMinutes(21)), Envelope.SCHEMA_VERSION, Json.tree(new WorkRefused(Operation.EDIT, "too late")));
        publish(after); // a timeline row that shows the repeat before it has been folded
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StatusApiKeys.as(reader).get("/integrations/" + id).then()
                .body("timeline.size()", equalTo(4)));
        assertEquals(start.plus(Duration.ofMinutes(20)), Instant.parse(StatusApiKeys.as(reader).get("/integrations/" + id)
                .then().extract().jsonPath().getString("lastCheckedAt")), "the repeat did not move the last check back");

        publish(check(id, 15, failed("password authentication failed"))); // older than the last one folded: history
        publish(check(id, 30, failed("password authentication failed"))); // what the one above is folded before
        JsonPath failing = awaitLastChecked(id, 30);
        assertEquals("recurringValidationError", failing.getString("status"), "the older failure did not count; this one does");
        assertEquals(List.of("passed", "failed"), failing.getList("timeline.findAll { it.type == 'RevalidationCompleted' }.outcome"),
                "neither the repeat nor the older check is a row: " + failing.prettify());

        publish(check(id, 40, failed("password authentication failed")));
        JsonPath stillFailing = awaitLastChecked(id, 40);
        assertEquals(5, stillFailing.getList("timeline").size(), "the same failure again adds no row");

        publish(check(id, 50, failed("the database is gone")));
        JsonPath otherFailure = awaitLastChecked(id, 50);
        assertEquals(6, otherFailure.getList("timeline").size(), "a different message is a change of outcome");
        assertEquals(CONNECTION + ": the database is gone", otherFailure.getString("message"));

        publish(check(id, 60, passed()));
        JsonPath recovered = awaitLastChecked(id, 60);
        assertEquals("enabled", recovered.getString("status"));
        assertEquals(7, recovered.getList("timeline").size());
    }

    /** Tests of the same names and statuses are the same outcome, whatever else they report (their results). */
    @Test
    void aCheckWhoseTestsPassWithOtherDetailsIsStillQuiet() {
        String id = enabledIntegration();
        publish(check(id, 10, passed()));
        awaitLastChecked(id, 10);
        publish(check(id, 20, ValidationResults.of(List.of(ValidationTest.passed(CONNECTION, List.<Object>of("version 1.0.9"))))));
        assertEquals(3, awaitLastChecked(id, 20).getList("timeline").size());
        publish(check(id, 30, ValidationResults.of(List.of(ValidationTest.passed(CONNECTION, List.of()),
                ValidationTest.passed("Validate Support Objects", List.of())))));
        assertEquals(4, awaitLastChecked(id, 30).getList("timeline").size(), "another test is another outcome");
    }

    /** The gateway checks an integration whose migration failed (its old version is whole), and so does the view. */
    @Test
    void anIntegrationWhoseMigrationFailedIsMovedByItsFirstCheckAndTheSameCheckAgainIsQuiet() {
        String id = enabledIntegration();
        UUID migration = UUID.randomUUID();
        publish(new Envelope(UUID.randomUUID(), MessageTypes.OPERATION_STARTED, id, migration, start.plusSeconds(2),
                Envelope.SCHEMA_VERSION, Json.tree(new OperationStarted(Operation.MIGRATE, Operation.MIGRATE.inProgress(),
                        IntegrationType.REDSHIFT, true, CONFIG.targetDescription(), CONFIG.redactedView()))));
        publish(new Envelope(UUID.randomUUID(), MessageTypes.OPERATION_FAILED, id, migration, start.plusSeconds(3),
                Envelope.SCHEMA_VERSION, Json.tree(OperationFinished.failed(Operation.MIGRATE, "the migration failed"))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StatusApiKeys.as(reader).get("/integrations/" + id).then()
                .body("status", equalTo("migrateError")));
        int rows = StatusApiKeys.as(reader).get("/integrations/" + id).then().extract().jsonPath().getList("timeline").size();

        publish(check(id, 10, passed()));
        JsonPath checked = awaitLastChecked(id, 10);
        assertEquals("enabled", checked.getString("status"), "the check moved it as the gateway's registry does");
        assertEquals(rows + 1, checked.getList("timeline").size());
        publish(check(id, 20, passed()));
        assertEquals(rows + 1, awaitLastChecked(id, 20).getList("timeline").size(), "the same outcome again adds no row");
    }

    private String enabledIntegration() {
        String id = Long.toString(System.nanoTime() % 1_000_000_000L);
        UUID operation = UUID.randomUUID();
        publish(new Envelope(UUID.randomUUID(), MessageTypes.OPERATION_STARTED, id, operation, start, Envelope.SCHEMA_VERSION,
                Json.tree(new OperationStarted(Operation.CREATE, Operation.CREATE.inProgress(), IntegrationType.REDSHIFT, true,
                        CONFIG.targetDescription(), CONFIG.redactedView()))));
        publish(new Envelope(UUID.randomUUID(), MessageTypes.OPERATION_SUCCEEDED, id, operation, start.plusSeconds(1),
                Envelope.SCHEMA_VERSION, Json.tree(OperationFinished.succeeded(Operation.CREATE))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> StatusApiKeys.as(reader).get("/integrations/" + id).then()
                .statusCode(200).body("status", equalTo("enabled")));
        return id;
    }

    /** A check of {@code id} that finished {@code minutes} after the integration was created. */
    private Envelope check(String id, int minutes, ValidationResults results) {
        return new Envelope(UUID.randomUUID(), MessageTypes.REVALIDATION_COMPLETED, id, UUID.randomUUID(),
                start.plus(Duration.ofMinutes(minutes)), Envelope.SCHEMA_VERSION, Json.tree(new RevalidationCompleted(results)));
    }

    /** The view once its last check is the one {@code minutes} after the start (times compared as instants). */
    private JsonPath awaitLastChecked(String id, int minutes) {
        Instant expected = start.plus(Duration.ofMinutes(minutes));
        JsonPath[] view = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            view[0] = StatusApiKeys.as(reader).get("/integrations/" + id).then().statusCode(200).extract().jsonPath();
            String lastChecked = view[0].getString("lastCheckedAt");
            assertEquals(expected, lastChecked == null ? null : Instant.parse(lastChecked));
        });
        return view[0];
    }

    private static ValidationResults passed() {
        return ValidationResults.of(List.of(ValidationTest.passed(CONNECTION, List.of())));
    }

    private static ValidationResults failed(String message) {
        return ValidationResults.of(List.of(ValidationTest.failed(CONNECTION, message)));
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event),
                EnvelopeCodec.headers(event));
    }
}
