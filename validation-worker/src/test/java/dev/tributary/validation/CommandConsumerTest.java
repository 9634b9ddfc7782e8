package dev.tributary.validation;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.RevalidationRequest;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.messaging.WorkRefused;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.OktaSettings;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SealingKeyRing;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validation-worker against a real broker, PostgreSQL and the Redshift stand-in, through the Redshift driver. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "validation_worker"), @ResourceArg(name = "redshift", value = "true")})
class CommandConsumerTest {
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 100);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "tributary.test.redshift.port")
    int redshiftPort;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String datasourceUrl;
    @Inject
    SecretSealer sealer;

    private Envelope send(String host, int port, String password) {
        return send(new RedshiftConfig(host, port, "vw_" + UUID.randomUUID().toString().substring(0, 8), "dev",
                Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null), password);
    }

    private Envelope send(RedshiftConfig config, String password) {
        return send(config, password, Instant.now().plusSeconds(600));
    }

    private Envelope send(RedshiftConfig config, String password, Instant deadline) {
        String integrationId = Long.toString(IDS.incrementAndGet());
        UUID operationId = UUID.randomUUID();
        IntegrationSpec spec = new IntegrationSpec(IntegrationType.REDSHIFT, true, config);
        return send(Envelope.of(MessageTypes.CREATE_INTEGRATION, integrationId, operationId, new IntegrationCommand(Operation.CREATE, spec,
                sealer.seal(Json.write(new Credentials(RedshiftStandIn.ADMIN_USER, password)),
                        SealingContext.commandCredentials(integrationId, operationId, spec)), deadline)));
    }

    private Envelope send(Envelope envelope) {
        // on the topic the catalogue names: checks travel on integration.checks, commands on integration.commands
        TopicRecords.send(bootstrapServers, MessageTypes.ALL.get(envelope.type()).topic(), envelope.integrationId(),
                EnvelopeCodec.encode(envelope), EnvelopeCodec.headers(envelope));
        return envelope;
    }

    private Envelope awaitEvent(String topic, Envelope command, String type) {
        ConsumerRecord<String, String> record = TopicRecords.await(bootstrapServers, topic, r -> command.integrationId().equals(r.key())
                && type.equals(TopicRecords.header(r, EnvelopeCodec.HEADER_MESSAGE_TYPE)), Duration.ofSeconds(60));
        return EnvelopeCodec.decodeChecked(record.value());
    }

    @Test
    void aCheckThatFailsDoesNotPassOnTheVersionItsRequestVouchedFor() {
        RedshiftConfig config = new RedshiftConfig("127.0.0.1", redshiftPort, "vw_missing_" + UUID.randomUUID().toString().substring(0, 8),
                "dev", Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null);
        String integrationId = Long.toString(IDS.incrementAndGet());
        UUID checkId = UUID.randomUUID();
        IntegrationSpec spec = new IntegrationSpec(IntegrationType.REDSHIFT, false, config);
        Envelope check = send(Envelope.of(MessageTypes.REVALIDATE_INTEGRATION, integrationId, checkId, new RevalidationRequest(spec,
                sealer.seal(Json.write(new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD)),
                        SealingContext.revalidationCredentials(integrationId, checkId, spec)), 2)));
        Envelope result = awaitEvent(Topics.EVENTS, check, MessageTypes.REVALIDATION_COMPLETED);
        assertEquals(checkId, result.operationId(), "the result carries the check's id, which validate waits for");
        RevalidationCompleted completed = result.payloadAs(RevalidationCompleted.class);
        assertEquals(TestStatus.FAILED, completed.validationResults().status());
        assertEquals(null, completed.supportObjectsVersion(), "a version is recorded only when the objects check out");
    }

    @Test
    void aReachableTargetPassesAndTheWorkGoesOnToTheBootstrapWorker() {
        Envelope command = send("127.0.0.1", redshiftPort, RedshiftStandIn.DEFAULT_PASSWORD);
        ValidationCompleted validation = awaitEvent(Topics.EVENTS, command, MessageTypes.VALIDATION_COMPLETED).payloadAs(ValidationCompleted.class);
        assertEquals(TestStatus.PASSED, validation.validationResults().status());
        assertEquals("Initial Validation: Basic Connection Test", validation.validationResults().validationTests().get(0).name());
        assertTrue(validation.validationResults().validationTests().get(0).result().get(0).toString().contains("PostgreSQL"));

        Envelope work = awaitEvent(Topics.BOOTSTRAP, command, MessageTypes.BOOTSTRAP_REQUESTED);
        assertEquals(command.operationId(), work.operationId());
        assertTrue(SecretSealer.isSealed(work.payloadAs(IntegrationCommand.class).sealedCredentials()));
        assertTrue(!work.payload().toString().contains(RedshiftStandIn.DEFAULT_PASSWORD));
    }

    @Test
    void anAutomaticSetupIntoAnExistingDatabaseIsDecidedSingleDatabaseAndTheWorkItemCarriesTheMode() throws Exception {
        String database = "vw_single_" + UUID.randomUUID().toString().substring(0, 8);
        POSTGRES.createDatabase(database);
        try {
            Envelope command = send(new RedshiftConfig("127.0.0.1", redshiftPort, database, "dev", Impersonation.DISABLED,
                    AuthenticationType.USER_PASSWORD, null), RedshiftStandIn.DEFAULT_PASSWORD);
            ValidationCompleted validation = awaitEvent(Topics.EVENTS, command, MessageTypes.VALIDATION_COMPLETED)
                    .payloadAs(ValidationCompleted.class);
            assertEquals(DatabaseMode.SINGLE_DATABASE, validation.databaseMode());
            assertEquals(TestStatus.PASSED, validation.validationResults().status(), validation.toString());
            assertEquals(TestStatus.SKIPPED, validation.validationResults().validationTests().get(1).status());
            assertEquals("Validate Automatic Bootstrap: Immuta Schemas Do Not Exist",
                    validation.validationResults().validationTests().get(2).name());
            IntegrationCommand work = awaitEvent(Topics.BOOTSTRAP, command, MessageTypes.BOOTSTRAP_REQUESTED).payloadAs(IntegrationCommand.class);
            assertEquals(DatabaseMode.SINGLE_DATABASE, work.databaseMode());
        } finally {
            POSTGRES.dropDatabase(database);
        }
    }

    @Test
    void anAutomaticSetupOfANewDatabaseIsDecidedMultiDatabase() {
        Envelope command = send("127.0.0.1", redshiftPort, RedshiftStandIn.DEFAULT_PASSWORD);
        assertEquals(DatabaseMode.MULTI_DATABASE, awaitEvent(Topics.EVENTS, command, MessageTypes.VALIDATION_COMPLETED)
                .payloadAs(ValidationCompleted.class).databaseMode());
        assertEquals(DatabaseMode.MULTI_DATABASE, awaitEvent(Topics.BOOTSTRAP, command, MessageTypes.BOOTSTRAP_REQUESTED)
                .payloadAs(IntegrationCommand.class).databaseMode());
    }

    @Test
    void aWrongPasswordFailsWithTheDriversReasonAndEndsTheOperation() {
        Envelope command = send("127.0.0.7", redshiftPort, "wrong-password");
        ValidationCompleted validation = awaitEvent(Topics.EVENTS, command, MessageTypes.VALIDATION_COMPLETED).payloadAs(ValidationCompleted.class);
        assertEquals(TestStatus.FAILED, validation.validationResults().status());
        assertTrue(validation.validationResults().validationTests().get(0).message().contains("password authentication failed"));
        assertEquals(TestStatus.SKIPPED, validation.validationResults().validationTests().get(1).status());
        OperationFinished failed = awaitEvent(Topics.EVENTS, command, MessageTypes.OPERATION_FAILED).payloadAs(OperationFinished.class);
        assertEquals("createError", failed.status().wireName());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("tributary_validation_failures_total{test=\"Initial Validation: Basic Connection Test\"}"),
                "failed validation tests counted by name");
    }

    @Test
    void anOktaHostThatDoesNotResolveFailsNamingTheOktaHop() {
        RedshiftConfig okta = new RedshiftConfig("127.0.0.9", redshiftPort, "vw_okta", "dev", Impersonation.DISABLED,
                AuthenticationType.OKTA, new OktaSettings("0oa-test", "okta.invalid", "arn:aws:iam::123456789012:role/admin"));
        Envelope command = send(okta, "okta-password");
        ValidationCompleted validation = awaitEvent(Topics.EVENTS, command, MessageTypes.VALIDATION_COMPLETED).payloadAs(ValidationCompleted.class);
        String message = validation.validationResults().failureMessage().orElseThrow();
        assertTrue(message.contains("Signing in through Okta failed: could not reach Okta at okta.invalid"), message);
        assertTrue(message.contains("Check config.okta.idpHost"), message);
    }

    @Test
    void anUnreachableHostIsNamedWithItsPort() {
        Envelope command = send("127.0.0.8", 1, RedshiftStandIn.DEFAULT_PASSWORD);
        ValidationCompleted validation = awaitEvent(Topics.EVENTS, command, MessageTypes.VALIDATION_COMPLETED).payloadAs(ValidationCompleted.class);
        assertTrue(validation.validationResults().failureMessage().orElseThrow().contains("127.0.0.8:1"));
    }

    @Test
    void aCommandWhoseDeadlinePassedIsRefusedAndGoesNoFurther() {
        Envelope command = send(new RedshiftConfig("127.0.0.1", redshiftPort, "vw_" + UUID.randomUUID().toString().substring(0, 8),
                "dev", Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null), RedshiftStandIn.DEFAULT_PASSWORD,
                Instant.now().minusSeconds(1));
        WorkRefused refused = awaitEvent(Topics.EVENTS, command, MessageTypes.WORK_REFUSED).payloadAs(WorkRefused.class);
        assertTrue(refused.reason().startsWith("Not validated"), refused.reason());
        List<String> types = TopicRecords.readAll(bootstrapServers, Topics.EVENTS).stream()
                .filter(r -> command.integrationId().equals(r.key()))
                .map(r -> TopicRecords.header(r, EnvelopeCodec.HEADER_MESSAGE_TYPE)).toList();
        assertEquals(List.of(MessageTypes.WORK_REFUSED), types, "no validation, no outcome: the gateway's deadline decides");
        assertTrue(TopicRecords.readAll(bootstrapServers, Topics.BOOTSTRAP).stream().noneMatch(r -> command.integrationId().equals(r.key())),
                "no work item for the bootstrap-worker");
    }

    @Test
    void theRecordedOutcomeKeepsAReferenceWhereTheWorkItemCarriedSealedCredentials() throws Exception {
        Envelope command = send("127.0.0.1", redshiftPort, RedshiftStandIn.DEFAULT_PASSWORD);
        Envelope work = awaitEvent(Topics.BOOTSTRAP, command, MessageTypes.BOOTSTRAP_REQUESTED);
        assertTrue(SecretSealer.isSealed(work.payloadAs(IntegrationCommand.class).sealedCredentials()), "the work item went out whole");
        try (Connection own = DriverManager.getConnection(datasourceUrl, POSTGRES.adminUser(), POSTGRES.adminPassword());
             Statement sql = own.createStatement()) {
            assertEquals("0", single(sql, "SELECT count(*) FROM processed_message WHERE outputs::text LIKE '%sealed:%'"));
            assertEquals("1", single(sql, "SELECT count(*) FROM processed_message WHERE message_id = '" + command.messageId()
                    + "' AND outputs::text LIKE '%sealed-ref:%'"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals("0",
                    single(sql, "SELECT count(*) FROM processed_message_secret"), "no sealed value kept once published"));
        }
    }

    private static String single(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Test
    void aRedeliveredCommandRepublishesItsFirstResultInsteadOfValidatingAgain() throws Exception {
        Envelope command = send("127.0.0.1", redshiftPort, RedshiftStandIn.DEFAULT_PASSWORD);
        awaitEvent(Topics.BOOTSTRAP, command, MessageTypes.BOOTSTRAP_REQUESTED);
        // the target changes so that validating again would now fail: the database exists and holds a support schema
        String database = command.payloadAs(IntegrationCommand.class).spec().redshift().database();
        POSTGRES.createDatabase(database);
        try {
            try (Connection target = POSTGRES.connect(database); Statement sql = target.createStatement()) {
                sql.execute("CREATE SCHEMA immuta_system");
            }
            TopicRecords.send(bootstrapServers, Topics.COMMANDS, command.integrationId(), EnvelopeCodec.encode(command), Map.of());
            Envelope later = send("127.0.0.1", redshiftPort, RedshiftStandIn.DEFAULT_PASSWORD);
            awaitEvent(Topics.BOOTSTRAP, later, MessageTypes.BOOTSTRAP_REQUESTED); // the redelivery was consumed before this
            List<Envelope> validations = TopicRecords.readAll(bootstrapServers, Topics.EVENTS).stream()
                    .filter(r -> command.integrationId().equals(r.key()))
                    .map(r -> EnvelopeCodec.decodeChecked(r.value()))
                    .filter(e -> e.type().equals(MessageTypes.VALIDATION_COMPLETED))
                    .toList();
            assertEquals(2, validations.size(), "the redelivery republished its result");
            assertEquals(1, validations.stream().map(Envelope::messageId).distinct().count(), "with the same id, so it is dropped downstream");
            for (Envelope validation : validations) {
                assertEquals(TestStatus.PASSED, validation.payloadAs(ValidationCompleted.class).validationResults().status());
            }
        } finally {
            POSTGRES.dropDatabase(database);
        }
    }

    @Test
    void credentialsCopiedFromAnotherIntegrationsCommandDoNotOpenAndTheCommandIsDeadLettered() {
        Envelope original = send("127.0.0.1", redshiftPort, RedshiftStandIn.DEFAULT_PASSWORD);
        IntegrationCommand payload = original.payloadAs(IntegrationCommand.class);
        Envelope copied = Envelope.of(MessageTypes.CREATE_INTEGRATION, Long.toString(IDS.incrementAndGet()), UUID.randomUUID(),
                new IntegrationCommand(Operation.CREATE, payload.spec(), payload.sealedCredentials(), payload.deadline()));
        send(copied);
        ConsumerRecord<String, String> dead = TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.COMMANDS),
                record -> copied.integrationId().equals(record.key()), Duration.ofSeconds(60));
        String reason = TopicRecords.header(dead, "dead-letter-reason");
        assertTrue(reason.contains("a sealed value cannot be opened") && reason.contains("command.credentials of integration "
                + copied.integrationId()), reason);
        assertTrue(!reason.contains(RedshiftStandIn.DEFAULT_PASSWORD), reason);
        assertTrue(TopicRecords.readAll(bootstrapServers, Topics.EVENTS).stream().noneMatch(r -> copied.integrationId().equals(r.key())),
                "nothing was validated with them");
    }

    @Test
    void garbageGoesToTheDeadLetterTopicWithItsReasonAndTheConsumerGoesOn() {
        TopicRecords.send(bootstrapServers, Topics.COMMANDS, "junk", "{\"schemaVersion\": 42}", Map.of());
        ConsumerRecord<String, String> dead = TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.COMMANDS),
                record -> "junk".equals(record.key()), Duration.ofSeconds(60));
        assertTrue(TopicRecords.header(dead, "dead-letter-reason").contains("unsupported schemaVersion"));
        Envelope after = send("127.0.0.1", redshiftPort, RedshiftStandIn.DEFAULT_PASSWORD);
        awaitEvent(Topics.EVENTS, after, MessageTypes.VALIDATION_COMPLETED);
    }

    @Test
    void aCommandDeadLetteredForASealedValueItCannotOpenKeepsNoSealedValue() {
        SecretSealer otherKey = new SecretSealer(SealingKeyRing.generate());
        RedshiftConfig config = new RedshiftConfig("127.0.0.1", redshiftPort, "vw_other_key", "dev", Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
        IntegrationSpec spec = new IntegrationSpec(IntegrationType.REDSHIFT, true, config);
        String integrationId = Long.toString(IDS.incrementAndGet());
        UUID operationId = UUID.randomUUID();
        Envelope command = Envelope.of(MessageTypes.CREATE_INTEGRATION, integrationId, operationId,
                new IntegrationCommand(Operation.CREATE, spec,
                        otherKey.seal(Json.write(new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD)),
                                SealingContext.commandCredentials(integrationId, operationId, spec)),
                        Instant.now().plusSeconds(600)));
        TopicRecords.send(bootstrapServers, Topics.COMMANDS, command.integrationId(), EnvelopeCodec.encode(command), EnvelopeCodec.headers(command));

        ConsumerRecord<String, String> dead = TopicRecords.await(bootstrapServers, Topics.deadLetter(Topics.COMMANDS),
                record -> command.integrationId().equals(record.key()), Duration.ofSeconds(60));
        assertTrue(TopicRecords.header(dead, "dead-letter-reason").contains("a sealed value cannot be opened"));
        assertFalse(dead.value().contains("sealed:"), dead.value());
        Envelope copy = EnvelopeCodec.decode(dead.value());
        assertEquals(command.messageId(), copy.messageId(), "the copy still names the message it was");
        assertEquals("<REDACTED>", copy.payload().get("sealedCredentials").asText());
        assertEquals("vw_other_key", copy.payload().get("spec").get("config").get("database").asText());
    }
}
