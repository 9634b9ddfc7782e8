package dev.tributary.status;

import dev.tributary.contracts.Topics;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** The status view is folded from integration.events alone; repeats change nothing. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class EventProjectorTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

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
        Instant stepStart = Instant.now();
        Envelope step = Envelope.of(MessageTypes.STEP_COMPLETED, id, operation, new StepCompleted(Operation.CREATE,
                "create-database", stepStart, stepStart.plusMillis(42), StepCompleted.DONE));
        Envelope succeeded = Envelope.of(MessageTypes.OPERATION_SUCCEEDED, id, operation, OperationFinished.succeeded(Operation.CREATE));

        publish(started);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/integrations/" + id).then()
                .statusCode(200).body("status", equalTo("creating")).body("currentOperation.operation", equalTo("create")));
        given().get("/summary").then().statusCode(200)
                .body("byStatus.creating", greaterThanOrEqualTo(1))
                .body("operationsInFlight", greaterThanOrEqualTo(1))
                .body("oldestOperationAgeSeconds", notNullValue());

        for (Envelope event : List.of(validated, step, succeeded, step, validated)) {
            publish(event);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/integrations/" + id).then()
                .statusCode(200)
                .body("status", equalTo("enabled"))
                .body("type", equalTo("Redshift"))
                .body("target", equalTo("host status.example.com"))
                .body("config.password", equalTo("<REDACTED>"))
                .body("validationResults.status", equalTo("passed"))
                .body("timeline", hasSize(4))
                .body("timeline.find { it.step == 'create-database' }.durationMs", equalTo(42)));
        given().get("/integrations?status=enabled").then().statusCode(200).body("id", hasItem(id));
        given().get("/integrations/not-there").then().statusCode(404);
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/integrations/{id}'.get", notNullValue());
    }
}
