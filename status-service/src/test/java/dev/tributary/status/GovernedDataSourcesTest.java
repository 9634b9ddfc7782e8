package dev.tributary.status;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.DataSourceChanged;
import dev.tributary.contracts.messaging.DataSourceChanged.PolicySummary;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.GovernanceApplied;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * A governance integration's data sources in its view: each as its latest DataSourceChanged says, a deleted one gone,
 * an older state arriving late ignored, and none of it moving the integration's status.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class GovernedDataSourcesTest {
    /** Data source ids are the gateway's, unique across integrations; each test takes fresh ones. */
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private String reader;

    @BeforeEach
    void grantReaderKey() {
        reader = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.INTEGRATION_READ));
    }

    @Test
    void aDataSourcesLifeIsFollowedInItsIntegrationsViewWithoutMovingItsStatus() throws Exception {
        String id = enabledIntegration();
        long orders = IDS.incrementAndGet();
        long customers = IDS.incrementAndGet();
        Instant at = Instant.now().minusSeconds(60);
        PolicySummary byRegion = new PolicySummary(IDS.incrementAndGet(), "orders by region");

        publish(changed(id, orders, at, "creating", null, List.of()));
        publish(changed(id, customers, at, "creating", null, List.of()));
        awaitView(id, view -> view.body("dataSources", hasSize(2))
                .body("dataSources.id", contains(Long.toString(orders), Long.toString(customers)))
                .body("dataSources[0].integrationId", equalTo(id))
                .body("dataSources[0].database", equalTo("sales"))
                .body("dataSources[0].schema", equalTo("public"))
                .body("dataSources[0].table", equalTo("t" + orders))
                .body("dataSources[0].view.schema", equalTo("public_governed"))
                .body("dataSources[0].view.name", equalTo("t" + orders))
                .body("dataSources[0].status", equalTo("creating"))
                .body("dataSources[0].message", nullValue())
                .body("dataSources[0].policies", empty()));
        keepDocument(id);

        // the view exists: the bootstrap-worker's step and outcome, then the gateway's new state of the data source
        UUID governed = UUID.randomUUID();
        publish(Envelope.of(MessageTypes.STEP_COMPLETED, id, governed, new StepCompleted(Operation.GOVERN, "create-view",
                at.plusSeconds(1), at.plusSeconds(2), StepCompleted.DONE, "public_governed.t" + orders)));
        publish(Envelope.of(MessageTypes.GOVERNANCE_APPLIED, id, governed, new GovernanceApplied(orders, 1, "create-view",
                GovernanceApplied.APPLIED, null, List.of("id", "region", "email"))));
        publish(changed(id, orders, at.plusSeconds(3), "active", null, List.of()));
        awaitView(id, view -> view.body("dataSources[0].status", equalTo("active"))
                .body("timeline.findAll { it.operation == 'govern' }", hasSize(5))
                .body("timeline.findAll { it.operation == 'govern' }.type", hasItems(MessageTypes.DATA_SOURCE_CHANGED,
                        MessageTypes.STEP_COMPLETED, MessageTypes.GOVERNANCE_APPLIED))
                .body("timeline.find { it.type == 'StepCompleted' && it.operation == 'govern' }.step", equalTo("create-view"))
                .body("timeline.find { it.type == 'StepCompleted' && it.operation == 'govern' }.message",
                        equalTo("public_governed.t" + orders))
                .body("timeline.find { it.type == 'GovernanceApplied' }.outcome", equalTo("applied")));
        keepDocument(id);

        publish(changed(id, orders, at.plusSeconds(4), "active", null, List.of(byRegion)));
        awaitView(id, view -> view.body("dataSources[0].policies", hasSize(1))
                .body("dataSources[0].policies[0].id", equalTo(Long.toString(byRegion.id())))
                .body("dataSources[0].policies[0].name", equalTo("orders by region")));
        keepDocument(id);

        publish(changed(id, orders, at.plusSeconds(5), "deleting", null, List.of(byRegion)));
        awaitView(id, view -> view.body("dataSources[0].status", equalTo("deleting")));
        publish(changed(id, orders, at.plusSeconds(6), "deleted", null, List.of()));
        awaitView(id, view -> view.body("dataSources.id", contains(Long.toString(customers)))
                .body("timeline.findAll { it.type == 'DataSourceChanged' }.outcome",
                        contains("creating", "creating", "active", "active", "deleting", "deleted")));
        StatusApiKeys.as(reader).get("/integrations/" + id).then().statusCode(200)
                .body("status", equalTo("enabled"))
                .body("currentOperation", nullValue())
                .body("lastError", nullValue());
        StatusApiKeys.as(reader).get("/integrations?q=" + id).then().statusCode(200)
                .body("items[0].status", equalTo("enabled"))
                .body("items[0].dataSources", nullValue()); // the list leaves them out
    }

    @Test
    void anOlderStateArrivingLateIsOnlyATimelineRow() throws Exception {
        String id = enabledIntegration();
        long orders = IDS.incrementAndGet();
        Instant at = Instant.now().minusSeconds(60);
        publish(changed(id, orders, at, "active", null, List.of(new PolicySummary(1, "masks"))));
        awaitView(id, view -> view.body("dataSources[0].status", equalTo("active")));
        keepDocument(id);

        Envelope late = changed(id, orders, at.minusSeconds(5), "error", "table public.t" + orders + " does not exist", List.of());
        publish(late);
        awaitView(id, view -> view.body("timeline.find { it.type == 'DataSourceChanged' && it.outcome == 'error' }.message",
                equalTo("public_governed.t" + orders + ": table public.t" + orders + " does not exist")));
        StatusApiKeys.as(reader).get("/integrations/" + id).then().statusCode(200)
                .body("status", equalTo("enabled"))
                .body("dataSources[0].status", equalTo("active"))
                .body("dataSources[0].message", nullValue())
                .body("dataSources[0].policies.name", contains("masks"));

        // an equal time is the later one on the topic, so it applies
        publish(changed(id, orders, at, "error", "the grant went", List.of()));
        awaitView(id, view -> view.body("dataSources[0].status", equalTo("error"))
                .body("dataSources[0].message", equalTo("the grant went"))
                .body("dataSources[0].policies", empty()));
    }

    /** An integration that went through its create; its data sources come next. */
    private String enabledIntegration() {
        String id = "gov" + UUID.randomUUID().toString().substring(0, 8);
        UUID operation = UUID.randomUUID();
        RedshiftConfig config = new RedshiftConfig("governed.example.com", 5439, "immuta", "dev", Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
        publish(Envelope.of(MessageTypes.OPERATION_STARTED, id, operation, new OperationStarted(Operation.CREATE,
                Operation.CREATE.inProgress(), IntegrationType.REDSHIFT, true, config.targetDescription(), config.redactedView())));
        publish(Envelope.of(MessageTypes.OPERATION_SUCCEEDED, id, operation, OperationFinished.succeeded(Operation.CREATE)));
        awaitView(id, view -> view.body("status", equalTo("enabled")).body("dataSources", empty()));
        return id;
    }

    private static Envelope changed(String integrationId, long dataSourceId, Instant at, String status, String message,
                                    List<PolicySummary> policies) {
        String table = "t" + dataSourceId;
        return new Envelope(UUID.randomUUID(), MessageTypes.DATA_SOURCE_CHANGED, integrationId, UUID.randomUUID(), at,
                Envelope.SCHEMA_VERSION, Json.tree(new DataSourceChanged(dataSourceId, "sales", "public", table,
                "public_governed", table, status, message, policies)));
    }

    /**
     * Reads the document twice, a moment apart, so this instance keeps it: the next change must still show, so
     * the data source's change has to drop the kept document.
     */
    private void keepDocument(String id) throws InterruptedException {
        Thread.sleep(300); // the projector marks the integration as kept right after its commit, which a read may beat
        StatusApiKeys.as(reader).get("/integrations/" + id).then().statusCode(200);
        StatusApiKeys.as(reader).get("/integrations/" + id).then().statusCode(200);
    }

    private void awaitView(String id, Consumer<ValidatableResponse> expectations) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                expectations.accept(StatusApiKeys.as(reader).get("/integrations/" + id).then().statusCode(200)));
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event),
                EnvelopeCodec.headers(event));
    }
}
