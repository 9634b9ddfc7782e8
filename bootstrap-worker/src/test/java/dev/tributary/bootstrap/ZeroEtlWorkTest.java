package dev.tributary.bootstrap;

import dev.tributary.bootstrap.service.ZeroEtlProvisioner;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.tributary.bootstrap.ZeroEtlWork.config;
import static dev.tributary.bootstrap.ZeroEtlWork.control;
import static dev.tributary.bootstrap.ZeroEtlWork.end;
import static dev.tributary.bootstrap.ZeroEtlWork.last;
import static dev.tributary.bootstrap.ZeroEtlWork.providerStatuses;
import static dev.tributary.bootstrap.ZeroEtlWork.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-ETL work against the RDS stand-in and, for the materialised database, the Redshift stand-in (PostgreSQL, so
 * those steps are skipped with their statement): throttling and 5xx answers are retried, conflicts are retried until
 * the deadline, faults end the operation, a refresh never moves the status.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "bootstrap_worker_zero_etl"), @ResourceArg(name = "rds", value = "true"),
        @ResourceArg(name = "redshift", value = "true")})
class ZeroEtlWorkTest {
    private static final String CLUSTER_SOURCE = "arn:aws:rds:us-east-1:123456789012:cluster:source-db";
    private static final Credentials LOGIN = new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "tributary.test.rds.endpoint")
    String rdsEndpoint;
    @ConfigProperty(name = "tributary.test.redshift.port")
    int redshiftPort;
    @Inject
    SecretSealer sealer;
    private ZeroEtlWork work;

    @BeforeEach
    void connect() {
        work = new ZeroEtlWork(bootstrapServers, sealer);
    }

    private Envelope create(ZeroEtlConfig config, Instant deadline) {
        return work.send(Operation.CREATE, config, config.materialize() == null ? null : LOGIN, deadline);
    }

    private ZeroEtlConfig.Materialize materialize(String database) {
        return new ZeroEtlConfig.Materialize("127.0.0.1", redshiftPort, database, "dev", null, true, null, 3600, null);
    }

    private static ZeroEtlConfig materialized(ZeroEtlConfig config, ZeroEtlConfig.Materialize materialize) {
        return new ZeroEtlConfig(config.integrationName(), config.sourceArn(), config.targetArn(), null, null, null, null, null,
                config.region(), materialize);
    }

    @Test
    void throttlingAndServerErrorsAreRetriedNotFailed() throws Exception {
        // more than the SDK's 8 attempts: the worker's own retries must carry it through
        control(rdsEndpoint, "Action=StandInFailNextRequests&Count=10&Code=Throttling&HttpStatus=400");
        List<Envelope> events = work.eventsUntilTheEnd(create(config(CLUSTER_SOURCE, null), Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, last(events).type());
        assertEquals(List.of("creating", "active"), providerStatuses(events));

        control(rdsEndpoint, "Action=StandInFailNextRequests&Count=3&Code=InternalFailure&HttpStatus=503");
        List<Envelope> afterOutage = work.eventsUntilTheEnd(create(config("arn:aws:rds:us-east-1:123456789012:db:source-db", null),
                Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, last(afterOutage).type());
    }

    @Test
    void anRdsFaultEndsTheCreateWithItsCodeAndMessage() {
        List<Envelope> events = work.eventsUntilTheEnd(create(config("arn:aws:rds:us-east-1:123456789012:cluster:source-pg",
                "arn:aws:kms:us-east-1:123456789012:key/inaccessible"), Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_FAILED, last(events).type());
        OperationFinished failed = end(events);
        assertEquals("createError", failed.status().wireName());
        assertTrue(failed.message().startsWith("KMSKeyNotAccessibleFault: "), failed.message());
    }

    @Test
    void aConflictingCreateIsRetriedWithGrowingPausesUntilRdsTakesIt() throws Exception {
        // the first requests after this are the CreateIntegration attempts: pauses of 1, 2 and 4 s before the fourth
        control(rdsEndpoint, "Action=StandInFailNextRequests&Count=3&Code=IntegrationConflictOperationFault&HttpStatus=400");
        List<Envelope> events = work.eventsUntilTheEnd(create(config(CLUSTER_SOURCE, null), Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, last(events).type(), events.toString());
        StepCompleted created = step(events, ZeroEtlProvisioner.CREATE_STEP).orElseThrow();
        Duration took = Duration.between(created.startedAt(), created.finishedAt());
        assertTrue(took.compareTo(Duration.ofSeconds(7)) >= 0, "three retries take 1 + 2 + 4 s, not " + took);
        assertTrue(created.detail().startsWith("arn:aws:rds:us-east-1:123456789012:integration:"), created.detail());
    }

    @Test
    void aConflictThatOutlastsTheDeadlineEndsTheCreateWithTheLastFault() throws Exception {
        control(rdsEndpoint, "Action=StandInFailNextRequests&Count=1000&Code=IntegrationConflictOperationFault&HttpStatus=400");
        try {
            // beyond the 10 s before it in which no work item starts (tributary.deadline-margin)
            Instant deadline = Instant.now().plusSeconds(20);
            List<Envelope> events = work.eventsUntilTheEnd(create(config(CLUSTER_SOURCE, null), deadline));
            assertEquals(MessageTypes.OPERATION_FAILED, last(events).type(), events.toString());
            OperationFinished failed = end(events);
            assertEquals(IntegrationStatus.CREATE_ERROR, failed.status());
            assertTrue(failed.message().startsWith("IntegrationConflictOperationFault: Injected by the stand-in"), failed.message());
            // retried up to the last moment a step may start: the deadline less tributary.deadline-margin (10 s)
            assertTrue(failed.message().contains("until " + deadline.minusSeconds(10) + ", as near the operation's deadline"),
                    failed.message());
            assertEquals(List.of(), providerStatuses(events), "no integration was made");
        } finally {
            control(rdsEndpoint, "Action=StandInFailNextRequests&Count=0");
        }
    }

    @Test
    void onThePostgresqlStandInTheMaterializeStepIsSkippedNamingTheStatementWithItsOptions() {
        ZeroEtlConfig config = materialized(config(CLUSTER_SOURCE, null), materialize("Sales_Replica"));
        List<Envelope> events = work.eventsUntilTheEnd(create(config, Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, last(events).type(), events.toString());
        StepCompleted materialized = step(events, ZeroEtlProvisioner.MATERIALIZE_STEP).orElseThrow();
        assertEquals(StepCompleted.SKIPPED, materialized.outcome());
        String arn = step(events, ZeroEtlProvisioner.CREATE_STEP).orElseThrow().detail();
        assertEquals("The target reports PostgreSQL, not Redshift; CREATE DATABASE \"sales_replica\" FROM INTEGRATION '"
                + arn.substring(arn.lastIndexOf(':') + 1) + "' SET ACCEPTINVCHARS = TRUE REFRESH_INTERVAL 3600 needs a Redshift cluster.",
                materialized.detail());
    }

    @Test
    void aRefreshOnThePostgresqlStandInIsSkippedWithTheReasonAndSucceedsWithoutMovingTheStatus() {
        ZeroEtlConfig config = materialized(config(CLUSTER_SOURCE, null), materialize("sales_replica"));
        List<Envelope> events = work.eventsUntilTheEnd(work.send(Operation.REFRESH, config, LOGIN, Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, last(events).type(), events.toString());
        assertEquals(new OperationFinished(Operation.REFRESH, IntegrationStatus.ENABLED, null), end(events));
        StepCompleted refreshed = step(events, ZeroEtlProvisioner.REFRESH_STEP).orElseThrow();
        assertEquals(Operation.REFRESH, refreshed.operation());
        assertEquals(StepCompleted.SKIPPED, refreshed.outcome());
        assertEquals("The target reports PostgreSQL, not Redshift; ALTER DATABASE \"sales_replica\" INTEGRATION REFRESH INERROR TABLES"
                + " needs a Redshift cluster.", refreshed.detail());
        assertEquals(List.of(), providerStatuses(events), "a refresh does not ask RDS");
    }

    @Test
    void aRefreshOfAnIntegrationWithoutMaterializeFailsSayingSoAndKeepsItEnabled() {
        List<Envelope> events = work.eventsUntilTheEnd(work.send(Operation.REFRESH, config(CLUSTER_SOURCE, null), null,
                Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_FAILED, last(events).type(), events.toString());
        OperationFinished failed = end(events);
        assertEquals(IntegrationStatus.ENABLED, failed.status());
        assertTrue(failed.message().startsWith("The integration has no materialize section"), failed.message());
        assertTrue(step(events, ZeroEtlProvisioner.REFRESH_STEP).isEmpty());
    }

    @Test
    void aRefreshTheTargetRefusesEndsFailedWithItsMessageAndKeepsTheIntegrationEnabled() {
        // a login the stand-in refuses: the refresh fails in the target and changes nothing
        ZeroEtlConfig config = materialized(config(CLUSTER_SOURCE, null), materialize("sales_replica"));
        List<Envelope> events = work.eventsUntilTheEnd(work.send(Operation.REFRESH, config,
                new Credentials(RedshiftStandIn.ADMIN_USER, "not-the-password"), Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_FAILED, last(events).type(), events.toString());
        OperationFinished failed = end(events);
        assertEquals(IntegrationStatus.ENABLED, failed.status());
        assertTrue(failed.message().startsWith("Refreshing the tables in error of database sales_replica in 127.0.0.1:"
                + redshiftPort + " failed: "), failed.message());
        assertNull(failed.supportObjectsVersion());
    }
}
