package dev.tributary.gateway.service;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.RevalidationRequest;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.messaging.OutboxRelay;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.gateway.persistence.OutboxRepository;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.support.persistence.ProcessedMessages;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check scheduler against a real registry and broker: claims that run at the same moment (two transactions, as
 * two gateway instances would) share the due rows out, a check in flight holds its integration back until it is
 * answered or lost, first checks spread over the interval, and the operators' sweep. The test runs the scheduler's
 * rounds itself (its ticks are off here) and reads the checks back from integration.checks.
 */
@QuarkusTest
@TestProfile(CheckSchedulerTest.ByHand.class)
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway_checks"))
class CheckSchedulerTest {
    private static final String KEY = "test-admin-key-of-at-least-32-bytes";
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final ValidationResults PASSED = ValidationResults.of(List.of(
            ValidationTest.passed("Initial Validation: Basic Connection Test", List.of())));

    /** Rounds run by the test only; an hour between checks and ten minutes before a check counts as lost. */
    public static class ByHand implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tributary.checks.tick", "off", "tributary.revalidation-interval", "1h",
                    "tributary.checks.in-flight-timeout", "10m");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    IntegrationRepository integrations;
    @Inject
    CheckScheduler scheduler;
    @Inject
    SecretSealer sealer;
    @Inject
    EntityManager entities;
    @Inject
    ProcessedMessages processedMessages;
    @Inject
    OutboxRepository outbox;
    @Inject
    OutboxRelay relay;

    @Test
    void twoClaimsAtTheSameMomentNeverTakeTheSameIntegration() throws Exception {
        Set<Long> due = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            due.add(enabled());
        }
        due.forEach(id -> setDue(id, "now() - interval '1 minute'"));

        // each claim holds its transaction open until the other has claimed too: the second cannot wait for the
        // first's row locks (it would never get them), it has to pass them over
        CountDownLatch bothClaimed = new CountDownLatch(2);
        ExecutorService instances = Executors.newFixedThreadPool(2);
        List<Long> a;
        List<Long> b;
        try {
            Future<List<Long>> first = instances.submit(() -> claimHolding(25, bothClaimed));
            Future<List<Long>> second = instances.submit(() -> claimHolding(1000, bothClaimed));
            a = first.get(60, TimeUnit.SECONDS);
            b = second.get(60, TimeUnit.SECONDS);
        } finally {
            instances.shutdownNow();
        }

        Set<Long> overlap = new HashSet<>(a);
        overlap.retainAll(b);
        assertTrue(overlap.isEmpty(), "claimed by both: " + overlap);
        Set<Long> claimed = new HashSet<>(a);
        claimed.addAll(b);
        assertTrue(claimed.containsAll(due), "every due integration is claimed by one of them");
        for (long id : due) {
            IntegrationRecord record = integrations.find(id).orElseThrow();
            assertNotNull(record.checkStartedAt(), "in flight once claimed");
            assertTrue(record.nextCheckAt().isAfter(Instant.now().plus(Duration.ofMinutes(50))), "next due an interval on");
        }
    }

    /**
     * A sweep writes hundreds of checks at once; a command written right behind them leaves the outbox first, and the
     * checks follow in batches, so the user's command never waits for the whole sweep to be sent.
     */
    @Test
    void aCommandWrittenBehindASweepsChecksIsSentBeforeThem() {
        String key = "relay-order-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 300; i++) {
                outbox.append(Topics.CHECKS, key, UUID.randomUUID(), MessageTypes.REVALIDATE_INTEGRATION, "{}");
            }
            outbox.append(Topics.COMMANDS, key, UUID.randomUUID(), MessageTypes.CREATE_INTEGRATION, "{}");
        });
        relay.wakeUp();
        await().atMost(Duration.ofSeconds(60)).until(() -> records(Topics.CHECKS, key).size() == 300);
        List<ConsumerRecord<String, String>> command = records(Topics.COMMANDS, key);
        assertEquals(1, command.size());
        long sentAt = command.get(0).timestamp();
        List<Long> checksSentAt = records(Topics.CHECKS, key).stream().map(ConsumerRecord::timestamp).sorted().toList();
        assertTrue(sentAt <= checksSentAt.get(0), "the command left before the first check");
        assertTrue(sentAt < checksSentAt.get(checksSentAt.size() - 1), "the checks followed in batches of their own");
    }

    private List<ConsumerRecord<String, String>> records(String topic, String key) {
        return TopicRecords.readAll(bootstrapServers, topic).stream().filter(record -> key.equals(record.key())).toList();
    }

    private List<Long> claimHolding(int limit, CountDownLatch bothClaimed) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Long> ids = integrations.claimDueChecks(limit, INTERVAL, 0.1, Duration.ofMinutes(10));
            bothClaimed.countDown();
            if (!bothClaimed.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the other claim did not return while this one held its rows");
            }
            return ids;
        });
    }

    @Test
    void aCheckInFlightHoldsItsIntegrationBackUntilItIsAnsweredOrLost() {
        long id = enabled();
        String idText = Long.toString(id);
        setDue(id, "now() - interval '1 minute'");

        // a person's check: it says it was asked for, and it is the check in flight
        given().header("Authorization", KEY).post("/integrations/" + id + "/validate").then().statusCode(202);
        Envelope asked = awaitCheck(idText, true);
        assertNotNull(integrations.find(id).orElseThrow().checkStartedAt());
        scheduler.claimDue();
        sleepABit();
        assertEquals(0, checks(idText, false).size(), "no periodic check beside the one in flight");

        // an operation starts before the answer comes: the answer's result is not recorded, but it is no longer in flight
        UUID operation = UUID.randomUUID();
        assertTrue(QuarkusTransaction.requiringNew().call(() -> integrations.startOperation(id, Operation.MIGRATE, operation,
                Instant.now().plusSeconds(600), null, IntegrationRepository.CHECKABLE)));
        Envelope answer = asked.reply(MessageTypes.REVALIDATION_COMPLETED, "", new RevalidationCompleted(PASSED, null));
        publish(answer);
        await().atMost(Duration.ofSeconds(30)).until(() -> integrations.find(id).orElseThrow().checkStartedAt() == null);
        IntegrationRecord answered = integrations.find(id).orElseThrow();
        assertFalse(asked.operationId().equals(answered.lastCheckId()), "the result is not recorded during an operation");
        assertEquals(answer.occurredAt().toEpochMilli(), answered.lastCheckedAt().toEpochMilli());

        // an older answer, arriving late, neither moves "last checked" back nor ends the newer check in flight
        setCheckStarted(id, "now()");
        Envelope late = new Envelope(UUID.randomUUID(), MessageTypes.REVALIDATION_COMPLETED, idText, UUID.randomUUID(),
                answer.occurredAt().minus(Duration.ofMinutes(5)), Envelope.SCHEMA_VERSION, Json.tree(new RevalidationCompleted(PASSED, null)));
        publish(late);
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                processedMessages.findByIdOptional(late.messageId()).isPresent()));
        assertNotNull(integrations.find(id).orElseThrow().checkStartedAt(), "the newer check is still in flight");
        assertEquals(answer.occurredAt().toEpochMilli(), integrations.find(id).orElseThrow().lastCheckedAt().toEpochMilli());
        setCheckStarted(id, "null");

        // answered and idle again: the next round checks it
        assertTrue(QuarkusTransaction.requiringNew().call(() -> integrations.finishOperation(id, operation, IntegrationStatus.ENABLED,
                null, true)));
        Instant claimedAfter = Instant.now();
        scheduler.claimDue();
        Envelope periodic = awaitCheck(idText, false);
        assertEquals(1, checks(idText, false).size());
        IntegrationRecord claimed = integrations.find(id).orElseThrow();
        assertTrue(claimed.nextCheckAt().isAfter(claimedAfter.plus(Duration.ofMinutes(53))) && claimed.nextCheckAt()
                .isBefore(Instant.now().plus(Duration.ofMinutes(67))), "an interval on, give or take a tenth: " + claimed.nextCheckAt());
        assertEquals(answer.occurredAt().toEpochMilli(), claimed.lastCheckedAt().toEpochMilli(), "a claim does not touch it");

        // unanswered, due again, but still within the in-flight timeout: held back; past it: the check counts as lost
        setDue(id, "now() - interval '1 minute'");
        setCheckStarted(id, "now() - interval '9 minutes'");
        scheduler.claimDue();
        sleepABit();
        assertEquals(1, checks(idText, false).size(), "a check nine minutes out is still in flight");
        setCheckStarted(id, "now() - interval '11 minutes'");
        scheduler.claimDue();
        await().atMost(Duration.ofSeconds(30)).until(() -> checks(idText, false).size() == 2);
        assertFalse(periodic.messageId().equals(checks(idText, false).get(1).messageId()));
    }

    @Test
    void firstChecksAreSpreadOverTheInterval() {
        List<Long> fleet = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fleet.add(enabled());
        }
        Instant before = Instant.now();
        scheduler.claimDue();
        Instant after = Instant.now();

        int[] quarters = new int[4];
        for (long id : fleet) {
            IntegrationRecord record = integrations.find(id).orElseThrow();
            Instant next = record.nextCheckAt();
            assertNotNull(next, "scheduled by the round");
            if (record.checkStartedAt() != null) {
                continue; // drew a time before the round's claim: checked at once, and an interval on from there
            }
            assertFalse(next.isBefore(before) || next.isAfter(after.plus(INTERVAL)), "within one interval: " + next);
            quarters[(int) Math.min(3, Duration.between(before, next).toMillis() * 4 / INTERVAL.toMillis())]++;
        }
        for (int quarter = 0; quarter < 4; quarter++) {
            // 50 expected in each; fewer than 20 happens about once in 10^8 runs of a uniform draw
            assertTrue(quarters[quarter] >= 20, "quarter " + quarter + " of the interval has " + quarters[quarter]
                    + " first checks: " + java.util.Arrays.toString(quarters));
        }
    }

    @Test
    void aSweepMakesEveryCheckableIntegrationDueAndTheNextRoundSendsTheirChecks() {
        long idle = enabled();
        long busy = enabled();
        UUID operation = UUID.randomUUID();
        assertTrue(QuarkusTransaction.requiringNew().call(() -> integrations.startOperation(busy, Operation.MIGRATE, operation,
                Instant.now().plusSeconds(600), null, IntegrationRepository.CHECKABLE)));
        scheduler.claimDue(); // both get a first check time, most likely later than now

        given().post("/checks/sweep").then().statusCode(401);
        given().header("Authorization", KEY).post("/checks/sweep").then().statusCode(202)
                .body("due", greaterThanOrEqualTo(1));
        assertFalse(integrations.find(idle).orElseThrow().nextCheckAt().isAfter(Instant.now()), "due now");

        scheduler.claimDue();
        awaitCheck(Long.toString(idle), false);
        sleepABit();
        assertEquals(0, checks(Long.toString(busy), false).size(), "an integration running an operation is not checked");
        assertNull(integrations.find(busy).orElseThrow().checkStartedAt());
        double inFlight = metric("tributary_checks_in_flight");
        assertTrue(inFlight >= 1, "the check just sent is in flight: " + inFlight);
    }

    /** A gauge's value from /q/metrics. */
    private static double metric(String name) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not exported"));
    }

    /** A Redshift integration written straight into the registry, enabled with a system account. */
    private long enabled() {
        String host = "checks-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        IntegrationSpec spec = Json.convert(Json.read("""
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s", "port": 5439, "database": "immuta",
                 "initialDatabase": "dev", "authenticationType": "userPassword"}}""".formatted(host)), IntegrationSpec.class);
        UUID operationId = UUID.randomUUID();
        return QuarkusTransaction.requiringNew().call(() -> {
            long id = integrations.insertIfTargetFree(spec, null, Operation.CREATE, operationId, Instant.now().plusSeconds(600),
                    2, null).orElseThrow();
            integrations.recordSystemAccount(id, operationId, "immuta_system", sealer.seal("system-Account-Pw-1",
                    SealingContext.systemAccountPassword(Long.toString(id), spec)));
            integrations.finishOperation(id, operationId, IntegrationStatus.ENABLED, null, true);
            return id;
        });
    }

    private void setDue(long id, String when) {
        QuarkusTransaction.requiringNew().run(() -> entities.createNativeQuery("UPDATE integration SET next_check_at = "
                + when + " WHERE id = ?1").setParameter(1, id).executeUpdate());
    }

    private void setCheckStarted(long id, String when) {
        QuarkusTransaction.requiringNew().run(() -> entities.createNativeQuery("UPDATE integration SET check_started_at = "
                + when + " WHERE id = ?1").setParameter(1, id).executeUpdate());
    }

    /** The checks of {@code id} on integration.checks that were asked for, or the periodic ones, in order. */
    private List<Envelope> checks(String id, boolean asked) {
        return TopicRecords.readAll(bootstrapServers, Topics.CHECKS).stream().filter(record -> id.equals(record.key())
                        && MessageTypes.REVALIDATE_INTEGRATION.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE)))
                .map(record -> EnvelopeCodec.decodeChecked(record.value()))
                .filter(check -> check.payloadAs(RevalidationRequest.class).asked() == asked).toList();
    }

    private Envelope awaitCheck(String id, boolean asked) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> checks(id, asked), found -> !found.isEmpty()).get(0);
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event), EnvelopeCodec.headers(event));
    }

    /** Long enough for the outbox relay to have sent a check that was queued (its poll is 100 ms in tests). */
    private static void sleepABit() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
