package dev.tributary.bootstrap;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bootstrap-worker sets up a managed database in the stand-in; the checks read PostgreSQL's catalog. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "bootstrap_worker"), @ResourceArg(name = "redshift", value = "true")})
class BootstrapConsumerTest {
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 100 + 50);
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "tributary.test.redshift.port")
    int redshiftPort;
    @Inject
    SecretSealer sealer;

    private final List<String> databases = new ArrayList<>();

    @AfterEach
    void dropManagedDatabases() throws Exception {
        for (String database : databases) {
            POSTGRES.dropDatabase(database);
            POSTGRES.dropRole(database + "_system");
        }
    }

    private RedshiftConfig config() {
        String database = "bw_" + UUID.randomUUID().toString().substring(0, 8);
        databases.add(database);
        return new RedshiftConfig("127.0.0.1", redshiftPort, database, "dev", Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
    }

    private Envelope send(RedshiftConfig config) {
        return send(Long.toString(IDS.incrementAndGet()), Operation.CREATE, config, null);
    }

    private Envelope send(String integrationId, Operation operation, RedshiftConfig config, RedshiftConfig previous) {
        IntegrationSpec spec = new IntegrationSpec(IntegrationType.REDSHIFT, true, config);
        UUID operationId = UUID.randomUUID();
        IntegrationCommand work = new IntegrationCommand(operation, spec,
                previous == null ? null : new IntegrationSpec(IntegrationType.REDSHIFT, true, previous),
                sealer.seal(Json.write(new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD)),
                        SealingContext.commandCredentials(integrationId, operationId, spec)), null);
        Envelope envelope = Envelope.of(MessageTypes.BOOTSTRAP_REQUESTED, integrationId, operationId, work);
        TopicRecords.send(bootstrapServers, Topics.BOOTSTRAP, envelope.integrationId(), EnvelopeCodec.encode(envelope), EnvelopeCodec.headers(envelope));
        return envelope;
    }

    private List<Envelope> eventsOf(Envelope work) {
        return TopicRecords.readAll(bootstrapServers, Topics.EVENTS).stream()
                .filter(record -> work.integrationId().equals(record.key()))
                .map(ConsumerRecord::value).map(EnvelopeCodec::decodeChecked).toList();
    }

    private Envelope awaitEnd(Envelope work) {
        ConsumerRecord<String, String> end = TopicRecords.await(bootstrapServers, Topics.EVENTS, record -> work.integrationId().equals(record.key())
                && TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE).startsWith("Operation")
                && EnvelopeCodec.decodeChecked(record.value()).operationId().equals(work.operationId()), Duration.ofSeconds(60));
        return EnvelopeCodec.decodeChecked(end.value());
    }

    @Test
    void anEditWhoseStepFailsIsRolledBackAndADeleteRemovesEverything() throws Exception {
        RedshiftConfig plain = config();
        Envelope created = send(plain);
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, awaitEnd(created).type());

        String group = plain.database() + "_imp";
        RedshiftConfig impersonating = new RedshiftConfig(plain.host(), plain.port(), plain.database(), plain.initialDatabase(),
                new Impersonation(true, group), AuthenticationType.USER_PASSWORD, null);
        try (Connection managed = POSTGRES.connect(plain.database()); Statement sql = managed.createStatement()) {
            sql.execute("DROP SCHEMA immuta_procedures CASCADE"); // the group step will pass, the procedures step fail
        }
        Envelope failedEdit = send(created.integrationId(), Operation.EDIT, impersonating, plain);
        Envelope end = awaitEnd(failedEdit);
        assertEquals(MessageTypes.OPERATION_FAILED, end.type());
        OperationFinished failure = end.payloadAs(OperationFinished.class);
        assertEquals("editError", failure.status().wireName());
        assertTrue(failure.message().contains("create-impersonation-procedures") && failure.message().endsWith("The change was rolled back."),
                failure.message());
        try (Connection catalog = POSTGRES.connect("postgres"); Statement sql = catalog.createStatement()) {
            assertEquals(List.of(), column(sql, "SELECT groname FROM pg_group WHERE groname = '" + group + "'"), "the new group was removed again");
        }

        Envelope delete = send(created.integrationId(), Operation.DELETE, plain, null);
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, awaitEnd(delete).type());
        try (Connection catalog = POSTGRES.connect("postgres"); Statement sql = catalog.createStatement()) {
            assertEquals(List.of(), column(sql, "SELECT datname FROM pg_database WHERE datname = '" + plain.database() + "'"));
            assertEquals(List.of(), column(sql, "SELECT rolname FROM pg_roles WHERE rolname = '" + plain.systemAccount() + "'"));
        }
    }

    @Test
    void theSetupCreatesTheManagedDatabaseAccountSchemasAndGrants() throws Exception {
        RedshiftConfig config = config();
        Envelope work = send(config);
        Envelope end = awaitEnd(work);
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, end.type(), end.payload().toString());

        List<Envelope> events = eventsOf(work);
        List<String> steps = events.stream().filter(e -> e.type().equals(MessageTypes.STEP_COMPLETED))
                .map(e -> e.payloadAs(StepCompleted.class).step()).toList();
        assertEquals(List.of("create-database", "create-system-account", "restrict-database", "create-support-schemas",
                "create-support-tables", "grant-privileges"), steps);
        SystemAccountProvisioned account = events.stream().filter(e -> e.type().equals(MessageTypes.SYSTEM_ACCOUNT_PROVISIONED))
                .findFirst().orElseThrow().payloadAs(SystemAccountProvisioned.class);
        assertEquals(config.systemAccount(), account.username());

        try (Connection catalog = POSTGRES.connect(config.database()); Statement sql = catalog.createStatement()) {
            assertEquals(List.of("immuta_functions", "immuta_procedures", "immuta_system"), column(sql,
                    "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'immuta%' ORDER BY 1"));
            assertEquals(List.of("profile", "user_profile"), column(sql,
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                            + " WHERE n.nspname = 'immuta_system' AND c.relkind IN ('r', 'v') ORDER BY 1"));
            String acl = column(sql, "SELECT datacl::text FROM pg_database WHERE datname = current_database()").get(0);
            assertTrue(acl.contains(config.systemAccount() + "=CTc/"), acl);
            assertTrue(acl.contains(",=Tc/"), "PUBLIC keeps only CONNECT and TEMP: " + acl);
            assertEquals(List.of("true"), column(sql, "SELECT has_schema_privilege('public', 'immuta_system', 'USAGE')::text"));
            assertEquals(List.of("true"), column(sql, "SELECT has_table_privilege('" + config.systemAccount()
                    + "', 'immuta_system.profile', 'INSERT')::text"));
        }
        // the sealed password announced for the system account is the one it can log in with
        Properties login = new Properties();
        login.setProperty("user", account.username());
        login.setProperty("password", sealer.unseal(account.sealedPassword(), SealingContext.systemAccountPassword(work.integrationId(),
                work.payloadAs(IntegrationCommand.class).spec())));
        login.setProperty("ssl", "false");
        try (Connection systemAccount = DriverManager.getConnection(
                "jdbc:redshift://127.0.0.1:" + redshiftPort + "/" + config.database(), login);
             Statement sql = systemAccount.createStatement()) {
            assertEquals(List.of(account.username()), column(sql, "SELECT current_user::text"));
        }
        for (Envelope event : events) {
            assertFalse(EnvelopeCodec.encode(event).contains(RedshiftStandIn.DEFAULT_PASSWORD));
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("tributary_step_duration_seconds_count{outcome=\"done\",step=\"create-database\"}"), "step durations exported");
    }

    @Test
    void aSetupThatFindsItsDatabaseAlreadyThereCarriesOnAndSaysSo() throws Exception {
        RedshiftConfig config = config();
        POSTGRES.createDatabase(config.database()); // as if an earlier attempt died after CREATE DATABASE
        Envelope work = send(config);
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, awaitEnd(work).type());
        StepCompleted first = eventsOf(work).stream().filter(e -> e.type().equals(MessageTypes.STEP_COMPLETED))
                .findFirst().orElseThrow().payloadAs(StepCompleted.class);
        assertEquals("create-database", first.step());
        assertEquals(StepCompleted.ALREADY_PRESENT, first.outcome());
    }

    @Test
    void aFailingStepEndsTheOperationWithTheStepAndTheReason() {
        RedshiftConfig config = new RedshiftConfig("127.0.0.1", redshiftPort, "bw_missing_" + UUID.randomUUID().toString().substring(0, 6),
                "no_such_initial_db", Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null);
        Envelope end = awaitEnd(send(config));
        assertEquals(MessageTypes.OPERATION_FAILED, end.type());
        OperationFinished failed = end.payloadAs(OperationFinished.class);
        assertEquals("createError", failed.status().wireName());
        assertTrue(failed.message().contains("no_such_initial_db"), failed.message());
    }

    private static List<String> column(Statement sql, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
