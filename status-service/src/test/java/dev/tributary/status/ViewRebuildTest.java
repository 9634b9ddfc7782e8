package dev.tributary.status;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.DataSourceChanged;
import dev.tributary.contracts.messaging.DataSourceChanged.PolicySummary;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.sandbox.testing.TestInfrastructureChoice;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.status.persistence.StatusViewRepository;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code tributary.view.rebuild-on-start=true} folds the view again from the first event, data sources included.
 * The events are on the topic before the service starts, and its consumer group is new and starts at the end of the
 * topic: only the rebuild's rewind can bring them into the view.
 */
@QuarkusTest
@TestProfile(ViewRebuildTest.RebuildOnStart.class)
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class ViewRebuildTest {
    static final String INTEGRATION = "rebuilt" + UUID.randomUUID().toString().substring(0, 8);
    static final long ORDERS = System.currentTimeMillis() * 1000 + 500_000;
    static final long CUSTOMERS = ORDERS + 1;

    public static class RebuildOnStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tributary.view.rebuild-on-start", "true",
                    "mp.messaging.incoming.events.group.id", "status-service-rebuild-" + UUID.randomUUID(),
                    "mp.messaging.incoming.events.auto.offset.reset", "latest");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EventsBeforeTheStart.class));
        }
    }

    /** Publishes an integration's history before the service starts. */
    public static class EventsBeforeTheStart implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            String servers = TestInfrastructureChoice.shared().kafkaBootstrapServers();
            UUID operation = UUID.randomUUID();
            RedshiftConfig config = new RedshiftConfig("rebuilt.example.com", 5439, "immuta", "dev", Impersonation.DISABLED,
                    AuthenticationType.USER_PASSWORD, null);
            Instant at = Instant.now().minusSeconds(60);
            PolicySummary masks = new PolicySummary(9, "mask emails");
            for (Envelope event : List.of(
                    Envelope.of(MessageTypes.OPERATION_STARTED, INTEGRATION, operation, new OperationStarted(Operation.CREATE,
                            Operation.CREATE.inProgress(), IntegrationType.REDSHIFT, true, config.targetDescription(),
                            config.redactedView())),
                    Envelope.of(MessageTypes.OPERATION_SUCCEEDED, INTEGRATION, operation, OperationFinished.succeeded(Operation.CREATE)),
                    changed(ORDERS, at, "creating", List.of()),
                    changed(CUSTOMERS, at, "creating", List.of()),
                    changed(ORDERS, at.plusSeconds(1), "active", List.of(masks)),
                    changed(CUSTOMERS, at.plusSeconds(2), "deleting", List.of()),
                    changed(CUSTOMERS, at.plusSeconds(3), "deleted", List.of()))) {
                TopicRecords.send(servers, Topics.EVENTS, INTEGRATION, EnvelopeCodec.encode(event), EnvelopeCodec.headers(event));
            }
            return Map.of();
        }

        private static Envelope changed(long id, Instant at, String status, List<PolicySummary> policies) {
            return new Envelope(UUID.randomUUID(), MessageTypes.DATA_SOURCE_CHANGED, INTEGRATION, UUID.randomUUID(), at,
                    Envelope.SCHEMA_VERSION, Json.tree(new DataSourceChanged(id, null, "public", "t" + id, "public_governed",
                    "t" + id, status, null, policies)));
        }

        @Override
        public void stop() {
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    StatusViewRepository view;
    @Inject
    DataSource dataSource;

    @Test
    void aRebuildFoldsTheDataSourcesAgainAndEmptyingTheViewForgetsThem() throws Exception {
        String reader = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.INTEGRATION_READ));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> StatusApiKeys.as(reader).get("/integrations/" + INTEGRATION)
                .then().statusCode(200)
                .body("status", equalTo("enabled"))
                .body("dataSources.id", contains(Long.toString(ORDERS)))
                .body("dataSources[0].status", equalTo("active"))
                .body("dataSources[0].policies.name", contains("mask emails"))
                .body("timeline.findAll { it.type == 'DataSourceChanged' }.outcome",
                        contains("creating", "creating", "active", "deleting", "deleted")));

        assertEquals(2, dataSourceRows(), "a deleted data source stays as a row, so a late event cannot bring it back");

        // what a rebuild does first: nothing of the data sources may survive it, a deleted one included
        view.clear();
        assertEquals(0, dataSourceRows());
    }

    private int dataSourceRows() throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM data_source WHERE integration_id = ?")) {
            query.setString(1, INTEGRATION);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
