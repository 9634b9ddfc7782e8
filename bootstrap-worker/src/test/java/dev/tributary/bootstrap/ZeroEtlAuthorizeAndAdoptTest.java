package dev.tributary.bootstrap;

import dev.tributary.bootstrap.service.ZeroEtlProvisioner;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.zeroetl.TargetPolicy;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.support.rds.RdsClients;
import dev.tributary.support.rds.RedshiftApiClients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.Integration;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.redshift.RedshiftClient;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.tributary.bootstrap.ZeroEtlWork.end;
import static dev.tributary.bootstrap.ZeroEtlWork.last;
import static dev.tributary.bootstrap.ZeroEtlWork.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The create's {@value ZeroEtlProvisioner#AUTHORIZE_STEP} step against the Redshift-API stand-in (GetResourcePolicy,
 * PutResourcePolicy) and its {@value ZeroEtlProvisioner#ADOPT_STEP} step against the RDS stand-in (AddTagsToResource),
 * read back through the real SDK clients.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "bootstrap_worker_zero_etl_targets"), @ResourceArg(name = "rds", value = "true")})
class ZeroEtlAuthorizeAndAdoptTest {
    private static final String PROVISIONED = "arn:aws:redshift:us-east-1:123456789012:namespace:8c3b5a1e-0f0d-4d1c-9c51-2b0a3f6d7e11";
    private static final String SERVERLESS = "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/2f6d0c7a-5b4e-4e8e-a1d2-7c9b3e5f1a20";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    SecretSealer sealer;
    @Inject
    RedshiftApiClients redshiftApi;
    @Inject
    RdsClients rdsClients;
    private ZeroEtlWork work;

    @BeforeEach
    void connect() {
        work = new ZeroEtlWork(bootstrapServers, sealer);
    }

    private static ZeroEtlConfig authorizing(String source, String target) {
        return new ZeroEtlConfig("w-" + UUID.randomUUID().toString().substring(0, 8), source, target, null, null, null, null,
                null, "us-east-1", null, null, true);
    }

    private RedshiftClient redshift() {
        return redshiftApi.redshift("us-east-1");
    }

    private String policyOf(String target) {
        return redshift().getResourcePolicy(request -> request.resourceArn(target)).resourcePolicy().policy();
    }

    @Test
    void aCreateThatAuthorizesItsTargetAddsTheMissingStatementsAndKeepsTheOthers() {
        String source = "arn:aws:rds:us-east-1:123456789012:cluster:source-db";
        String someoneElses = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Analysts\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::210987654321:root\"},\"Action\":\"redshift:CreateInboundIntegration\","
                + "\"Resource\":\"" + PROVISIONED + "\"}]}";
        redshift().putResourcePolicy(request -> request.resourceArn(PROVISIONED).policy(someoneElses));

        List<Envelope> events = work.eventsUntilTheEnd(work.send(Operation.CREATE, authorizing(source, PROVISIONED), null,
                Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, last(events).type(), events.toString());
        StepCompleted authorized = step(events, ZeroEtlProvisioner.AUTHORIZE_STEP).orElseThrow();
        assertEquals(StepCompleted.DONE, authorized.outcome());
        TargetPolicy statements = new TargetPolicy(PROVISIONED, source);
        assertEquals("added " + statements.sourceStatement().get("Sid").asText() + ", "
                + statements.principalStatement().get("Sid").asText() + " to the resource policy of " + PROVISIONED,
                authorized.detail());
        assertTrue(authorized.finishedAt().compareTo(step(events, ZeroEtlProvisioner.CREATE_STEP).orElseThrow().startedAt()) <= 0,
                "the policy is written before CreateIntegration");

        String written = policyOf(PROVISIONED);
        assertEquals(List.of(), new TargetPolicy(PROVISIONED, source).missingFrom(written));
        assertEquals("Analysts", Json.read(written).path("Statement").get(0).path("Sid").asText(), "the statement there stays first");
        assertEquals(3, Json.read(written).path("Statement").size());
    }

    @Test
    void aTargetThatAuthorizesTheSourceAlreadyIsLeftAsItIs() {
        String source = "arn:aws:rds:us-east-1:123456789012:cluster:source-pg";
        String complete = new TargetPolicy(SERVERLESS, source).mergedInto(null);
        redshift().putResourcePolicy(request -> request.resourceArn(SERVERLESS).policy(complete));

        List<Envelope> events = work.eventsUntilTheEnd(work.send(Operation.CREATE, authorizing(source, SERVERLESS), null,
                Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, last(events).type(), events.toString());
        assertEquals(StepCompleted.ALREADY_PRESENT, step(events, ZeroEtlProvisioner.AUTHORIZE_STEP).orElseThrow().outcome());
        assertEquals(Json.read(complete), Json.read(policyOf(SERVERLESS)));
    }

    @Test
    void anAdoptedIntegrationIsTaggedAsThisOnesAndFollowedWithoutACreate() {
        Integration existing = existingIntegration();
        String integrationId = "z" + UUID.randomUUID().toString().substring(0, 6);
        List<Envelope> events = work.eventsUntilTheEnd(work.send(integrationId, Operation.CREATE, adopting(existing), null,
                Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, last(events).type(), events.toString());
        StepCompleted adopted = step(events, ZeroEtlProvisioner.ADOPT_STEP).orElseThrow();
        assertEquals(StepCompleted.DONE, adopted.outcome());
        assertEquals(existing.integrationArn(), adopted.detail());
        assertTrue(step(events, ZeroEtlProvisioner.CREATE_STEP).isEmpty(), "no CreateIntegration");
        assertTrue(tags(existing).contains(Tag.builder().key(ZeroEtlConfig.OWNER_TAG).value(integrationId).build()),
                tags(existing).toString());
    }

    @Test
    void anAdoptionTakesTheTagOverFromAnIntegrationThatNoLongerManagesIt() {
        // the gateway refuses to adopt what a live integration manages; a tag left by one that was disabled stays behind
        Integration existing = existingIntegration();
        ZeroEtlConfig config = adopting(existing);
        String first = "z" + UUID.randomUUID().toString().substring(0, 6);
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, last(work.eventsUntilTheEnd(work.send(first, Operation.CREATE, config, null,
                Instant.now().plusSeconds(600)))).type());

        String second = "z" + UUID.randomUUID().toString().substring(0, 6);
        List<Envelope> events = work.eventsUntilTheEnd(work.send(second, Operation.CREATE, config, null, Instant.now().plusSeconds(600)));
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, last(events).type(), events.toString());
        assertEquals(StepCompleted.DONE, step(events, ZeroEtlProvisioner.ADOPT_STEP).orElseThrow().outcome());
        assertEquals(List.of(second), tags(existing).stream().filter(tag -> tag.key().equals(ZeroEtlConfig.OWNER_TAG))
                .map(Tag::value).toList());
    }

    /** An integration someone made in RDS without this system, with a tag of their own. */
    private Integration existingIntegration() {
        var created = rdsClients.forRegion("us-east-1").createIntegration(request -> request
                .integrationName("own-" + UUID.randomUUID().toString().substring(0, 8))
                .sourceArn("arn:aws:rds:us-east-1:123456789012:db:source-db")
                .targetArn("arn:aws:redshift-serverless:us-east-1:123456789012:namespace/" + UUID.randomUUID())
                .tags(Tag.builder().key("team").value("analytics").build()));
        return Integration.builder().integrationArn(created.integrationArn()).integrationName(created.integrationName())
                .sourceArn(created.sourceArn()).targetArn(created.targetArn()).build();
    }

    /** The config the gateway registers for an adoption: the RDS fields filled from the integration. */
    private static ZeroEtlConfig adopting(Integration existing) {
        return new ZeroEtlConfig(existing.integrationName(), existing.sourceArn(), existing.targetArn(), null, null, null, null,
                null, "us-east-1", null, existing.integrationArn(), false);
    }

    private List<Tag> tags(Integration integration) {
        return rdsClients.forRegion("us-east-1").describeIntegrations(request -> request.integrationIdentifier(integration.integrationArn()))
                .integrations().get(0).tags();
    }
}
