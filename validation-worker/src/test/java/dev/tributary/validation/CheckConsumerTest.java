package dev.tributary.validation;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.RevalidationRequest;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SealingKeyRing;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.redshift.StatementHolds;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.validation.service.RedshiftValidator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks' own consumer against a real broker, PostgreSQL and the Redshift stand-in: checks run side by side up to
 * the setting, never in front of a user's command, and a host that keeps refusing connections is backed off.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "validation_worker"), @ResourceArg(name = "redshift", value = "true")})
class CheckConsumerTest {
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 100 + 50);
    /** A statement only a check of a manual setup runs (the support schemas' lookup), not an automatic create. */
    private static final String CHECK_STATEMENT = "FROM pg_namespace WHERE nspname = ";
    private static final String HOLD = "checks";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "tributary.test.redshift.port")
    int redshiftPort;
    @ConfigProperty(name = "tributary.test.redshift.holds-dir")
    Path holdsDirectory;
    @ConfigProperty(name = "tributary.checks.parallelism")
    int parallelism;
    @Inject
    SecretSealer sealer;
    @Inject
    AdjustableClock clock;

    private StatementHolds holds;

    @BeforeEach
    void holds() {
        holds = new StatementHolds(holdsDirectory);
    }

    private Envelope check(String host, int port, boolean asked) {
        return check(new RedshiftConfig(host, port, RedshiftStandIn.DEFAULT_DATABASE, RedshiftStandIn.DEFAULT_DATABASE,
                Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null), asked, sealer);
    }

    private Envelope check(RedshiftConfig config, boolean asked, SecretSealer sealedWith) {
        String integrationId = Long.toString(IDS.incrementAndGet());
        UUID checkId = UUID.randomUUID();
        IntegrationSpec spec = new IntegrationSpec(IntegrationType.REDSHIFT, false, config);
        Envelope check = Envelope.of(MessageTypes.REVALIDATE_INTEGRATION, integrationId, checkId, new RevalidationRequest(spec,
                sealedWith.seal(Json.write(new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD)),
                        SealingContext.revalidationCredentials(integrationId, checkId, spec)), null, null, asked));
        TopicRecords.send(bootstrapServers, Topics.CHECKS, integrationId, EnvelopeCodec.encode(check), EnvelopeCodec.headers(check));
        return check;
    }

    private RevalidationCompleted answer(Envelope check) {
        ConsumerRecord<String, String> record = TopicRecords.await(bootstrapServers, Topics.EVENTS, r -> check.integrationId().equals(r.key())
                && MessageTypes.REVALIDATION_COMPLETED.equals(TopicRecords.header(r, EnvelopeCodec.HEADER_MESSAGE_TYPE)), Duration.ofSeconds(60));
        return EnvelopeCodec.decodeChecked(record.value()).payloadAs(RevalidationCompleted.class);
    }

    private static ValidationTest connectionTest(RevalidationCompleted completed) {
        ValidationTest test = completed.validationResults().validationTests().get(0);
        assertEquals(RedshiftValidator.CONNECTION_TEST, test.name());
        return test;
    }

    private Set<String> answered(List<Envelope> checks) {
        Set<String> ids = checks.stream().map(Envelope::integrationId).collect(Collectors.toSet());
        return TopicRecords.readAll(bootstrapServers, Topics.EVENTS).stream()
                .filter(r -> ids.contains(r.key()) && MessageTypes.REVALIDATION_COMPLETED.equals(TopicRecords.header(r, EnvelopeCodec.HEADER_MESSAGE_TYPE)))
                .map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double metric(String series) {
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics());
        return value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
    }

    /** Checks of the stand-in, all held at their support-schema lookup; each gets through once released. */
    private List<Envelope> heldChecks(int count) throws IOException {
        holds.hold(HOLD, CHECK_STATEMENT);
        List<Envelope> checks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            checks.add(check("127.0.0.1", redshiftPort, false));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> holds.heldCount(HOLD) >= parallelism);
        return checks;
    }

    private void release(List<Envelope> checks) throws IOException {
        holds.release(HOLD);
        await().atMost(Duration.ofSeconds(60)).until(() -> answered(checks).size() == checks.size());
    }

    @Test
    void checksRunSideBySideUpToTheParallelismAndTheBacklogCountsTheRest() throws Exception {
        List<Envelope> checks = heldChecks(parallelism + 2);
        try {
            // the workers are all busy, and the two others wait for one of them
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> holds.heldCount(HOLD) == parallelism);
            assertEquals(parallelism, metric("tributary_checks_running"), "checks running on this instance");
            assertTrue(answered(checks).isEmpty(), "none answered while held");
            // read every 15 s: none of the checks is committed while they are held
            await().atMost(Duration.ofSeconds(45)).until(() -> metric("tributary_check_backlog") >= checks.size());
        } finally {
            release(checks);
        }
        assertTrue(metrics().contains("tributary_check_duration_seconds_count{outcome=\"passed\",type=\"Redshift\"}")
                || metrics().contains("tributary_check_duration_seconds_count{outcome=\"failed\",type=\"Redshift\"}"));
        assertEquals(0, metric("tributary_checks_running"));
        await().atMost(Duration.ofSeconds(60)).until(() -> metric("tributary_check_backlog") == 0);
    }

    @Test
    void aUserCommandIsHandledWhileEveryCheckWorkerIsHeld() throws Exception {
        List<Envelope> checks = heldChecks(parallelism + 1);
        try {
            String integrationId = Long.toString(IDS.incrementAndGet());
            UUID operationId = UUID.randomUUID();
            IntegrationSpec spec = new IntegrationSpec(IntegrationType.REDSHIFT, true, new RedshiftConfig("127.0.0.1", redshiftPort,
                    "vw_" + UUID.randomUUID().toString().substring(0, 8), RedshiftStandIn.DEFAULT_DATABASE, Impersonation.DISABLED,
                    AuthenticationType.USER_PASSWORD, null));
            Envelope create = Envelope.of(MessageTypes.CREATE_INTEGRATION, integrationId, operationId, new IntegrationCommand(
                    Operation.CREATE, spec, sealer.seal(Json.write(new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD)),
                    SealingContext.commandCredentials(integrationId, operationId, spec)), Instant.now().plusSeconds(600)));
            TopicRecords.send(bootstrapServers, Topics.COMMANDS, integrationId, EnvelopeCodec.encode(create), EnvelopeCodec.headers(create));
            ConsumerRecord<String, String> validated = TopicRecords.await(bootstrapServers, Topics.EVENTS, r -> integrationId.equals(r.key())
                    && MessageTypes.VALIDATION_COMPLETED.equals(TopicRecords.header(r, EnvelopeCodec.HEADER_MESSAGE_TYPE)), Duration.ofSeconds(60));
            assertEquals(TestStatus.PASSED, EnvelopeCodec.decodeChecked(validated.value()).payloadAs(ValidationCompleted.class)
                    .validationResults().status());
            assertEquals(parallelism, holds.heldCount(HOLD), "the checks were still held");
            assertTrue(answered(checks).isEmpty(), "the command went past every check");
        } finally {
            release(checks);
        }
    }

    @Test
    void aHostThatKeepsRefusingIsBackedOffAndItsChecksResumeOnceOneGetsThrough() throws Exception {
        try (TcpGate gate = new TcpGate(redshiftPort)) {
            String host = "127.0.0.1:" + gate.port;
            String refused = null;
            for (int i = 0; i < 3; i++) {
                ValidationTest test = connectionTest(answer(check("127.0.0.1", gate.port, false)));
                assertEquals(TestStatus.FAILED, test.status());
                assertTrue(test.message().startsWith("Could not connect to " + host), test.message());
                refused = test.message();
            }
            gate.open(); // the host answers again, but the breaker has not tried it yet
            ValidationTest backedOff = connectionTest(answer(check("127.0.0.1", gate.port, false)));
            assertEquals(TestStatus.FAILED, backedOff.status());
            assertEquals("Not tried: connections to " + host + " have failed 3 times in a row (last: " + refused.lines().findFirst()
                    .orElseThrow() + "); checks of this host are backed off and resume by themselves once one gets through.",
                    backedOff.message());
            assertEquals(backedOff.message(), connectionTest(answer(check("127.0.0.1", gate.port, false))).message(),
                    "the same words from one answer to the next");
            assertEquals(0, gate.accepted.get(), "no connection was attempted");
            assertTrue(metric("tributary_checks_backed_off_hosts") >= 1);
            assertTrue(metrics().contains("tributary_check_duration_seconds_count{outcome=\"backed-off\",type=\"Redshift\"}"));
            assertTrue(metrics().contains("tributary_check_duration_seconds_count{outcome=\"failed\",type=\"Redshift\"}"));

            clock.advance(Duration.ofSeconds(61)); // the breaker's minute is up: one check is tried
            assertEquals(TestStatus.PASSED, connectionTest(answer(check("127.0.0.1", gate.port, false))).status());
            assertEquals(1, gate.accepted.get());
            assertEquals(TestStatus.PASSED, connectionTest(answer(check("127.0.0.1", gate.port, false))).status(),
                    "the breaker closed: the next check connects at once");
            assertEquals(2, gate.accepted.get());
        }
    }

    @Test
    void aCheckAPersonAskedForConnectsWhileItsHostIsBackedOff() throws Exception {
        try (TcpGate gate = new TcpGate(redshiftPort)) {
            for (int i = 0; i < 3; i++) {
                answer(check("127.0.0.1", gate.port, false));
            }
            gate.open();
            assertTrue(connectionTest(answer(check("127.0.0.1", gate.port, false))).message().startsWith("Not tried:"));
            assertEquals(0, gate.accepted.get());
            assertEquals(TestStatus.PASSED, connectionTest(answer(check("127.0.0.1", gate.port, true))).status());
            assertEquals(1, gate.accepted.get(), "the asked-for check connected");
            assertEquals(TestStatus.PASSED, connectionTest(answer(check("127.0.0.1", gate.port, false))).status(),
                    "its success closed the breaker");
            assertEquals(2, gate.accepted.get());
        }
    }

    @Test
    void aMalformedCheckGoesToTheChecksDeadLetterTopicRedactedAndTheConsumerGoesOn() {
        String junk = "junk-" + UUID.randomUUID();
        TopicRecords.send(bootstrapServers, Topics.CHECKS, junk, "{\"schemaVersion\": 42}", Map.of());
        ConsumerRecord<String, String> dead = TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.CHECKS),
                record -> junk.equals(record.key()), Duration.ofSeconds(60));
        assertTrue(TopicRecords.header(dead, "dead-letter-reason").contains("unsupported schemaVersion"));

        Envelope foreign = check(new RedshiftConfig("127.0.0.1", redshiftPort, RedshiftStandIn.DEFAULT_DATABASE,
                RedshiftStandIn.DEFAULT_DATABASE, Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null), false,
                new SecretSealer(SealingKeyRing.generate()));
        ConsumerRecord<String, String> unopened = TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.CHECKS),
                record -> foreign.integrationId().equals(record.key()), Duration.ofSeconds(60));
        assertTrue(TopicRecords.header(unopened, "dead-letter-reason").contains("a sealed value cannot be opened"));
        assertFalse(unopened.value().contains("sealed:"), unopened.value());

        assertEquals(TestStatus.PASSED, connectionTest(answer(check("127.0.0.1", redshiftPort, false))).status());
    }

    @Test
    void aCheckSentOnTheCommandsTopicIsDeadLetteredThereAndNotRun() {
        String integrationId = Long.toString(IDS.incrementAndGet());
        UUID checkId = UUID.randomUUID();
        IntegrationSpec spec = new IntegrationSpec(IntegrationType.REDSHIFT, false, new RedshiftConfig("127.0.0.1", redshiftPort,
                RedshiftStandIn.DEFAULT_DATABASE, RedshiftStandIn.DEFAULT_DATABASE, Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null));
        Envelope check = Envelope.of(MessageTypes.REVALIDATE_INTEGRATION, integrationId, checkId, new RevalidationRequest(spec,
                sealer.seal(Json.write(new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD)),
                        SealingContext.revalidationCredentials(integrationId, checkId, spec))));
        TopicRecords.send(bootstrapServers, Topics.COMMANDS, integrationId, EnvelopeCodec.encode(check), EnvelopeCodec.headers(check));
        ConsumerRecord<String, String> dead = TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.COMMANDS),
                record -> integrationId.equals(record.key()), Duration.ofSeconds(60));
        assertTrue(TopicRecords.header(dead, "dead-letter-reason").contains("belongs on " + Topics.CHECKS),
                TopicRecords.header(dead, "dead-letter-reason"));
        assertTrue(answered(List.of(check)).isEmpty(), "the commands' consumer runs no check");
    }

    /**
     * A port of its own in front of the stand-in: closed, connections to it are refused; open, each is counted and
     * relayed to the stand-in.
     */
    private static final class TcpGate implements AutoCloseable {
        final int port;
        final AtomicInteger accepted = new AtomicInteger();
        private final int target;
        private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
        private ServerSocket server;

        TcpGate(int target) throws IOException {
            this.target = target;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
        }

        void open() throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        accepted.incrementAndGet();
                        Socket upstream = new Socket(java.net.InetAddress.getLoopbackAddress(), target);
                        sockets.add(client);
                        sockets.add(upstream);
                        relay(client, upstream);
                        relay(upstream, client);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "tcp-gate");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void relay(Socket from, Socket to) {
            Thread copy = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // either side closed
                } finally {
                    try {
                        to.close();
                        from.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }, "tcp-gate-relay");
            copy.setDaemon(true);
            copy.start();
        }

        @Override
        public void close() throws IOException {
            if (server != null) {
                server.close();
            }
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
