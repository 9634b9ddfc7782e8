package dev.tributary.gateway.service;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.ZeroEtlWatchRequest;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.gateway.ZeroEtlProfile;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The periodic checks of zero-ETL integrations: one round of the scheduler (run here by the test after a sweep, the
 * profile's ticks being off) describes every idle, checkable integration with an RDS integration, in requests of one
 * region and at most one DescribeIntegrations page each, read back from the checks topic.
 */
@QuarkusTest
@TestProfile(ZeroEtlProfile.class)
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "api_gateway_zero_etl"), @ResourceArg(name = "rds", value = "true")})
class ZeroEtlWatchTest {
    private static final String ACCOUNT = "123456789012";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    IntegrationRepository integrations;
    @Inject
    CheckScheduler scheduler;

    @Test
    void aRoundSendsOneRequestPerRegionAndPageAndSkipsIntegrationsThatAreBusyOrUnmade() {
        List<String> east = new ArrayList<>();
        for (int i = 0; i < ZeroEtlWatchRequest.MAX_BATCH + 30; i++) {
            east.add(inRegistry("us-east-1", true, true));
        }
        List<String> west = List.of(inRegistry("eu-west-1", true, true), inRegistry("eu-west-1", true, true));
        String busy = inRegistry("us-east-1", false, true);
        String unmade = inRegistry("us-east-1", true, false);
        Set<String> watched = new HashSet<>(east);
        watched.addAll(west);

        scheduler.sweep();
        scheduler.claimDue();

        List<ZeroEtlWatchRequest> round = await().atMost(Duration.ofSeconds(30)).until(() -> requestsWithAnyOf(watched),
                requests -> requests.stream().flatMap(request -> request.integrations().stream())
                        .map(ZeroEtlWatchRequest.Member::integrationId).toList().containsAll(watched));
        List<String> members = new ArrayList<>();
        for (ZeroEtlWatchRequest request : round) {
            assertTrue(request.integrations().size() <= ZeroEtlWatchRequest.MAX_BATCH, "one DescribeIntegrations page");
            List<String> region = request.region().equals("us-east-1") ? east : west;
            request.integrations().stream().map(ZeroEtlWatchRequest.Member::integrationId).filter(watched::contains)
                    .forEach(id -> assertTrue(region.contains(id), id + " is described in its own region"));
            assertEquals(request.integrations().size(), request.integrations().stream()
                    .map(ZeroEtlWatchRequest.Member::checkId).distinct().count(), "each member is answered under a check of its own");
            request.integrations().forEach(member -> members.add(member.integrationId()));
        }
        assertEquals(members.size(), new HashSet<>(members).size(), "each integration once in a round");
        assertTrue(round.stream().filter(request -> request.region().equals("us-east-1")).count() >= 2,
                "more than a page in us-east-1 takes several requests");
        assertEquals(1, round.stream().filter(request -> request.region().equals("eu-west-1")).count());
        assertFalse(members.contains(busy), "an integration with an operation in flight waits for the next round");
        assertFalse(members.contains(unmade), "an integration with nothing in RDS yet has nothing to describe");
    }

    /** The watch requests naming any of {@code ids}, each checked to be keyed by its first member. */
    private List<ZeroEtlWatchRequest> requestsWithAnyOf(Set<String> ids) {
        List<ZeroEtlWatchRequest> requests = new ArrayList<>();
        TopicRecords.readAll(bootstrapServers, Topics.CHECKS).stream()
                .filter(record -> MessageTypes.WATCH_ZERO_ETL.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE)))
                .map(record -> EnvelopeCodec.decodeChecked(record.value()))
                .forEach(watch -> {
                    ZeroEtlWatchRequest request = watch.payloadAs(ZeroEtlWatchRequest.class);
                    if (request.integrations().stream().anyMatch(member -> ids.contains(member.integrationId()))) {
                        assertEquals(request.integrations().get(0).integrationId(), watch.integrationId(), "keyed by the first member");
                        requests.add(request);
                    }
                });
        return requests;
    }

    /** A zero-ETL integration written straight into the registry: idle and enabled or still creating, with or without an RDS integration. */
    private String inRegistry(String region, boolean idle, boolean madeInRds) {
        String name = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
        IntegrationSpec spec = Json.convert(Json.read("""
                {"type": "ZeroETL", "autoBootstrap": true, "config": {"integrationName": "%s",
                 "sourceArn": "arn:aws:rds:%s:%s:cluster:%s",
                 "targetArn": "arn:aws:redshift-serverless:%s:%s:namespace/%s", "region": "%s"}}"""
                .formatted(name, region, ACCOUNT, name, region, ACCOUNT, UUID.randomUUID(), region)), IntegrationSpec.class);
        String arn = madeInRds ? "arn:aws:rds:" + region + ":" + ACCOUNT + ":integration:" + UUID.randomUUID() : null;
        UUID operationId = UUID.randomUUID();
        return QuarkusTransaction.requiringNew().call(() -> {
            long id = integrations.insertIfTargetFree(spec, null, Operation.CREATE, operationId, Instant.now().plusSeconds(600),
                    0, arn).orElseThrow();
            if (idle) {
                integrations.finishOperation(id, operationId, IntegrationStatus.ENABLED, null, true);
            }
            return Long.toString(id);
        });
    }
}
