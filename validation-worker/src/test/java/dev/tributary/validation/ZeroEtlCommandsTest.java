package dev.tributary.validation;

import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.ZeroEtlWatchRequest;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.validation.service.ZeroEtlValidator;
import dev.tributary.validation.service.ZeroEtlWatch;
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
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-ETL refreshes and watches against the RDS stand-in, through the real SDK client: what RDS reports decides the
 * answer, and a provider in trouble is retried rather than reported.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "validation_worker_zero_etl"), @ResourceArg(name = "rds", value = "true")})
class ZeroEtlCommandsTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "tributary.test.rds.endpoint")
    String rdsEndpoint;

    @Inject
    ZeroEtlWatch watch;

    private ZeroEtlMessages messages;

    @BeforeEach
    void connect() {
        messages = new ZeroEtlMessages(bootstrapServers, rdsEndpoint);
    }

    private Envelope sendWatch(ZeroEtlWatchRequest.Member... members) {
        return messages.send(Envelope.of(MessageTypes.WATCH_ZERO_ETL, members[0].integrationId(), UUID.randomUUID(),
                new ZeroEtlWatchRequest("us-east-1", List.of(members))));
    }

    private RevalidationCompleted answerTo(ZeroEtlWatchRequest.Member member) {
        // under the member's integration and check id, which POST /integrations/{id}/validate waits for
        return messages.await(Topics.EVENTS, member.integrationId(), member.checkId(), MessageTypes.REVALIDATION_COMPLETED)
                .payloadAs(RevalidationCompleted.class);
    }

    private static ZeroEtlWatchRequest.Member member(String integrationArn) {
        return new ZeroEtlWatchRequest.Member(ZeroEtlMessages.newIntegrationId(), UUID.randomUUID(), integrationArn);
    }

    @Test
    void aRefreshOfAnIntegrationRdsKnowsGoesOnToTheBootstrapWorker() {
        String arn = messages.createdInRds(ZeroEtlMessages.SOURCE_CLUSTER);
        Envelope refresh = messages.send(MessageTypes.REFRESH_INTEGRATION, Operation.REFRESH,
                ZeroEtlMessages.config(ZeroEtlMessages.SOURCE_CLUSTER, "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/x"), arn);
        Envelope work = messages.await(Topics.BOOTSTRAP, refresh, MessageTypes.BOOTSTRAP_REQUESTED);
        assertEquals(refresh.operationId(), work.operationId());
        IntegrationCommand item = work.payloadAs(IntegrationCommand.class);
        assertEquals(Operation.REFRESH, item.operation());
        assertEquals(arn, item.providerArn());
    }

    @Test
    void aRefreshOfAnIntegrationRdsNoLongerListsEndsWithTheReasonAndGoesNoFurther() {
        String arn = "arn:aws:rds:us-east-1:123456789012:integration:" + UUID.randomUUID();
        Envelope refresh = messages.send(MessageTypes.REFRESH_INTEGRATION, Operation.REFRESH,
                ZeroEtlMessages.config(ZeroEtlMessages.SOURCE_CLUSTER, "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/y"), arn);
        OperationFinished failed = messages.await(Topics.EVENTS, refresh, MessageTypes.OPERATION_FAILED)
                .payloadAs(OperationFinished.class);
        assertEquals(Operation.REFRESH, failed.operation());
        assertTrue(failed.message().contains("IntegrationNotFoundFault") && failed.message().contains("Delete it here and create it again"),
                failed.message());
        // its test is no check of the integration: the views keep the last check's results and the status they set
        assertEquals(List.of(MessageTypes.OPERATION_FAILED), messages.typesAnswering(Topics.EVENTS, refresh));
    }

    @Test
    void aWatchedIntegrationThatNeedsAttentionIsAnsweredFailedWithItsErrorsAndHealthyOnceActiveAgain() throws Exception {
        String arn = messages.createdInRds(ZeroEtlMessages.SOURCE_INSTANCE);
        messages.control("Action=StandInSetIntegrationStatus&IntegrationIdentifier=" + arn
                + "&Status=needs_attention&ErrorCode=TABLES_IN_ERROR&ErrorMessage=orders+has+no+primary+key");
        ZeroEtlWatchRequest.Member troubled = member(arn);
        sendWatch(troubled);
        RevalidationCompleted completed = answerTo(troubled);
        assertEquals("needs_attention", completed.provider().status());
        assertEquals("TABLES_IN_ERROR: orders has no primary key", completed.provider().errorsLine());
        ValidationTest test = completed.validationResults().validationTests().get(0);
        assertEquals(ZeroEtlWatch.HEALTHY, test.name());
        assertEquals(TestStatus.FAILED, test.status());
        assertTrue(test.message().startsWith("RDS reports the integration needs_attention: TABLES_IN_ERROR: orders has no"
                + " primary key."), test.message());

        messages.control("Action=StandInSetIntegrationStatus&IntegrationIdentifier=" + arn + "&Status=active");
        ZeroEtlWatchRequest.Member recovered = new ZeroEtlWatchRequest.Member(troubled.integrationId(), UUID.randomUUID(), arn);
        sendWatch(recovered);
        RevalidationCompleted healthy = answerTo(recovered);
        assertEquals(TestStatus.PASSED, healthy.validationResults().status());
        assertEquals("active", healthy.provider().status());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("tributary_check_duration_seconds_count{outcome=\"failed\",type=\"ZeroETL\"}")
                && metrics.contains("tributary_check_duration_seconds_count{outcome=\"passed\",type=\"ZeroETL\"}"),
                "each watched member counts as a zero-ETL check by its outcome");
    }

    @Test
    void aWatchedIntegrationRdsNoLongerListsIsAnsweredDeleted() {
        ZeroEtlWatchRequest.Member gone = member("arn:aws:rds:us-east-1:123456789012:integration:" + UUID.randomUUID());
        sendWatch(gone);
        RevalidationCompleted completed = answerTo(gone);
        assertEquals("deleted", completed.provider().status());
        assertEquals(TestStatus.FAILED, completed.validationResults().status());
        assertTrue(completed.validationResults().failureMessage().orElseThrow().contains("RDS no longer lists the integration"));
    }

    @Test
    void aWatchThatMeetsAnRdsOutageIsRetriedAndStillAnswered() throws Exception {
        String arn = messages.createdInRds(ZeroEtlMessages.SOURCE_POSTGRES);
        // more failures than the SDK's own attempts: the message itself is retried, not answered with the outage
        messages.control("Action=StandInFailNextRequests&Count=10&Code=InternalFailure&HttpStatus=503");
        ZeroEtlWatchRequest.Member member = member(arn);
        sendWatch(member);
        RevalidationCompleted completed = answerTo(member);
        assertEquals(TestStatus.PASSED, completed.validationResults().status(), completed.validationResults().toString());
        assertEquals(arn, completed.provider().integrationArn());
    }

    @Test
    void describingKeepsToRdssRateOfTwelveCallsASecond() {
        ZeroEtlWatchRequest.Member member = member(messages.createdInRds(ZeroEtlMessages.SOURCE_CLUSTER));
        Instant start = Instant.now();
        for (int call = 0; call < 25; call++) {
            assertEquals(TestStatus.PASSED, watch.describe(new ZeroEtlWatchRequest("us-east-1", List.of(member))).get(0)
                    .completed().validationResults().status());
        }
        // 12 calls in any second: the 13th waits for the second one, the 25th for the third
        Duration took = Duration.between(start, Instant.now());
        assertTrue(took.compareTo(Duration.ofMillis(1900)) >= 0, "25 calls took " + took);
    }
}
