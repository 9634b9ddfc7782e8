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
import dev.tributary.contracts.messaging.WorkRefused;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.redshift.StatementHolds;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.persistence.ProcessedMessages;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    @ConfigProperty(name = "tributary.test.redshift.holds-dir")
    Path holdsDirectory;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String datasourceUrl;
    @Inject
    SecretSealer sealer;
    @Inject
    ProcessedMessages processed;
    private StatementHolds holds;

    private final List<String> databases = new ArrayList<>();
    /** One setup with impersonation, made by the first test that needs it and read by the others. */
    private static RedshiftConfig impersonating;
    private static String systemAccountPassword;

    @AfterEach
    void dropManagedDatabases() throws Exception {
        for (String database : databases) {
            POSTGRES.dropDatabase(database);
            POSTGRES.dropRole(database + "_system");
        }
    }

    @BeforeEach
    void useTheStandInsHolds() {
        holds = new StatementHolds(holdsDirectory);
    }

    @AfterAll
    static void dropTheImpersonatingSetup() throws Exception {
        if (impersonating != null) {
            POSTGRES.dropDatabase(impersonating.database());
            for (String role : List.of(impersonating.systemAccount(), impersonating.impersonationRole(), outsider())) {
                POSTGRES.dropRole(role);
            }
        }
    }

    /** A user of the cluster that Tributary did not create and that is in no group. */
    private static String outsider() {
        return impersonating.database() + "_outsider";
    }

    private RedshiftConfig impersonatingSetup() throws Exception {
        if (impersonating == null) {
            String database = "bw_" + UUID.randomUUID().toString().substring(0, 8);
            RedshiftConfig config = new RedshiftConfig("127.0.0.1", redshiftPort, database, "dev",
                    new Impersonation(true, database + "_imp"), AuthenticationType.USER_PASSWORD, null);
            impersonating = config;
            Envelope work = send(config);
            Envelope end = awaitEnd(work);
            assertEquals(MessageTypes.OPERATION_SUCCEEDED, end.type(), end.payload().toString());
            systemAccountPassword = sealer.unseal(eventsOf(work).stream()
                    .filter(e -> e.type().equals(MessageTypes.SYSTEM_ACCOUNT_PROVISIONED)).findFirst().orElseThrow()
                    .payloadAs(SystemAccountProvisioned.class).sealedPassword(),
                    SealingContext.systemAccountPassword(work.integrationId(), work.payloadAs(IntegrationCommand.class).spec()));
            try (Connection catalog = POSTGRES.connect("postgres"); Statement sql = catalog.createStatement()) {
                sql.execute("CREATE ROLE " + outsider() + " LOGIN PASSWORD "
                        + SqlDialect.POSTGRESQL.passwordLiteral(outsider(), "Outsider-Passw0rd"));
            }
        }
        return impersonating;
    }

    /** A session through the stand-in, as a client of the cluster would have it. */
    private Connection login(String user, String password, String database) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password);
        login.setProperty("ssl", "false");
        return DriverManager.getConnection("jdbc:redshift://127.0.0.1:" + redshiftPort + "/" + database, login);
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
        return send(integrationId, operation, config, previous, Instant.now().plusSeconds(600));
    }

    private Envelope send(String integrationId, Operation operation, RedshiftConfig config, RedshiftConfig previous, Instant deadline) {
        return send(integrationId, operation, config, previous, deadline, null);
    }

    private Envelope send(String integrationId, Operation operation, RedshiftConfig config, RedshiftConfig previous, Instant deadline,
                          DatabaseMode mode) {
        IntegrationSpec spec = new IntegrationSpec(IntegrationType.REDSHIFT, true, config);
        UUID operationId = UUID.randomUUID();
        IntegrationCommand work = new IntegrationCommand(operation, spec,
                previous == null ? null : new IntegrationSpec(IntegrationType.REDSHIFT, true, previous),
                sealer.seal(Json.write(new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD)),
                        SealingContext.commandCredentials(integrationId, operationId, spec)), null, deadline, mode, null);
        return deliver(Envelope.of(MessageTypes.BOOTSTRAP_REQUESTED, integrationId, operationId, work));
    }

    @Test
    void aSingleDatabaseSetupAddsItsSchemasToAnExistingDatabaseAndItsRemovalTakesOnlyThoseAway() throws Exception {
        String database = "bw_single_" + UUID.randomUUID().toString().substring(0, 8);
        databases.add(database);
        POSTGRES.createDatabase(database);
        try (Connection target = POSTGRES.connect(database); Statement sql = target.createStatement()) {
            sql.execute("CREATE SCHEMA sales");
            sql.execute("CREATE TABLE sales.orders (id INT)");
            sql.execute("INSERT INTO sales.orders VALUES (1), (2)");
        }
        RedshiftConfig config = new RedshiftConfig("127.0.0.1", redshiftPort, database, "dev",
                new Impersonation(true, database + "_imp"), AuthenticationType.USER_PASSWORD, null);
        String id = Long.toString(IDS.incrementAndGet());
        Envelope created = send(id, Operation.CREATE, config, null, Instant.now().plusSeconds(600), DatabaseMode.SINGLE_DATABASE);
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, awaitEnd(created).type(), eventsOf(created).toString());
        assertTrue(eventsOf(created).stream().noneMatch(e -> e.type().equals(MessageTypes.STEP_COMPLETED)
                && e.payloadAs(StepCompleted.class).step().equals("create-database")));
        assertEquals(List.of("immuta_functions", "immuta_procedures", "immuta_system", "sales"),
                column(database, "SELECT nspname FROM pg_namespace WHERE nspname IN ('sales') OR nspname LIKE 'immuta%' ORDER BY 1"));
        String acl = databaseAcl(database);
        assertTrue(acl.contains(database + "_system=CTc/"), acl);
        assertTrue(acl.startsWith("{=Tc/") || acl.contains(",=Tc/"), "PUBLIC keeps its default CONNECT and TEMP: " + acl);

        Envelope deleted = send(id, Operation.DELETE, config, null, Instant.now().plusSeconds(600), DatabaseMode.SINGLE_DATABASE);
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, awaitEnd(deleted).type(), eventsOf(deleted).toString());
        assertEquals(List.of("sales"), column(database, "SELECT nspname FROM pg_namespace WHERE nspname IN ('sales') OR nspname LIKE 'immuta%'"));
        assertEquals(List.of("2"), column(database, "SELECT count(*)::text FROM sales.orders"));
        assertEquals(acl.replaceAll("," + database + "_system=CTc/[^,}]+", ""), databaseAcl(database), "only the account's rights went");
        assertEquals(List.of(), column("postgres", "SELECT rolname FROM pg_roles WHERE rolname IN ('" + database + "_system', '"
                + database + "_imp')"));
    }

    private static String databaseAcl(String database) throws Exception {
        return column("postgres", "SELECT datacl::text FROM pg_database WHERE datname = '" + database + "'").get(0);
    }

    private static List<String> column(String database, String query) throws Exception {
        try (Connection connection = POSTGRES.connect(database); Statement sql = connection.createStatement()) {
            return column(sql, query);
        }
    }

    /** Puts the work item on the topic (again, for a redelivery: same envelope, same message id). */
    private Envelope deliver(Envelope envelope) {
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
            assertEquals(List.of("profile", "profile_attribute", "profile_group", "user_attributes", "user_groups", "user_profile"), column(sql,
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
        try (Connection systemAccount = login(account.username(), sealer.unseal(account.sealedPassword(),
                SealingContext.systemAccountPassword(work.integrationId(), work.payloadAs(IntegrationCommand.class).spec())),
                config.database());
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
    void aGeneratedPasswordReachesPostgresqlAsAScramVerifier() throws Exception {
        RedshiftConfig config = impersonatingSetup();
        String verifier = POSTGRES.passwordVerifier(config.systemAccount()).orElseThrow();
        assertTrue(verifier.startsWith("SCRAM-SHA-256$4096:"), verifier);
        try (Connection systemAccount = login(config.systemAccount(), systemAccountPassword, config.database())) {
            assertTrue(systemAccount.isValid(5));
        }
    }

    private static String procedureSignature(String procedure) {
        return "'" + ManagedDatabaseSetup.PROCEDURES_SCHEMA + "." + procedure + "(varchar)'";
    }

    @Test
    void publicCannotExecuteTheImpersonationProcedures() throws Exception {
        RedshiftConfig config = impersonatingSetup();
        try (Connection catalog = POSTGRES.connect(config.database()); Statement sql = catalog.createStatement()) {
            for (String procedure : ManagedDatabaseSetup.IMPERSONATION_PROCEDURES) {
                String signature = procedureSignature(procedure);
                assertEquals(List.of("false"), column(sql, "SELECT has_function_privilege('public', " + signature + ", 'EXECUTE')::text"), procedure);
                assertEquals(List.of("false"), column(sql, "SELECT has_function_privilege('" + outsider() + "', " + signature + ", 'EXECUTE')::text"), procedure);
                assertEquals(List.of("true"), column(sql, "SELECT has_function_privilege('" + config.systemAccount() + "', " + signature + ", 'EXECUTE')::text"), procedure);
            }
            assertEquals(List.of("true"), column(sql, "SELECT has_function_privilege('" + config.impersonationRole() + "', "
                    + procedureSignature("impersonate_user") + ", 'EXECUTE')::text"), "the group may still impersonate");
        }
        // a user who is no one special cannot put itself into the group through the owner's rights
        try (Connection outsider = login(outsider(), "Outsider-Passw0rd", config.database()); Statement sql = outsider.createStatement()) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> sql.execute("CALL immuta_procedures.grant_impersonation('" + outsider() + "')"));
            assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
        }
        try (Connection catalog = POSTGRES.connect("postgres"); Statement sql = catalog.createStatement()) {
            assertEquals(List.of(), column(sql, "SELECT 1 FROM pg_group WHERE groname = '" + config.impersonationRole()
                    + "' AND (SELECT oid FROM pg_roles WHERE rolname = '" + outsider() + "') = ANY (grolist)"));
        }
    }

    @Test
    void theImpersonationProceduresPinTheirSearchPath() throws Exception {
        RedshiftConfig config = impersonatingSetup();
        try (Connection catalog = POSTGRES.connect(config.database()); Statement sql = catalog.createStatement()) {
            assertEquals(List.of("grant_impersonation {search_path=pg_catalog} true", "impersonate_user {search_path=pg_catalog} false",
                            "revoke_impersonation {search_path=pg_catalog} true"),
                    column(sql, "SELECT p.proname || ' ' || p.proconfig::text || ' ' || p.prosecdef::text FROM pg_proc p"
                            + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'immuta_procedures' ORDER BY 1"));
        }
    }

    @Test
    void theSystemAccountGrantsAndRevokesImpersonationThroughTheHardenedProcedures() throws Exception {
        RedshiftConfig config = impersonatingSetup();
        String inGroup = "SELECT 1 FROM pg_group WHERE groname = '" + config.impersonationRole()
                + "' AND (SELECT oid FROM pg_roles WHERE rolname = '" + outsider() + "') = ANY (grolist)";
        try (Connection systemAccount = login(config.systemAccount(), systemAccountPassword, config.database());
             Statement sql = systemAccount.createStatement();
             Connection catalog = POSTGRES.connect("postgres"); Statement check = catalog.createStatement()) {
            sql.execute("CALL immuta_procedures.grant_impersonation('" + outsider() + "')");
            assertEquals(List.of("1"), column(check, inGroup));
            sql.execute("CALL immuta_procedures.revoke_impersonation('" + outsider() + "')");
            assertEquals(List.of(), column(check, inGroup));
        }
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

    @Test
    void aWorkItemWhoseDeadlinePassedIsRefusedAndLeavesNothingInTheTarget() throws Exception {
        RedshiftConfig config = config();
        Envelope work = send(Long.toString(IDS.incrementAndGet()), Operation.CREATE, config, null, Instant.now().minusSeconds(1));
        ConsumerRecord<String, String> refused = TopicRecords.await(bootstrapServers, Topics.EVENTS, record ->
                work.integrationId().equals(record.key())
                        && MessageTypes.WORK_REFUSED.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE)),
                Duration.ofSeconds(60));
        assertTrue(EnvelopeCodec.decodeChecked(refused.value()).payloadAs(WorkRefused.class).reason().startsWith("Not started"));
        assertEquals(List.of(MessageTypes.WORK_REFUSED), eventsOf(work).stream().map(Envelope::type).toList(),
                "no step, no account, no outcome: the gateway's deadline decides");
        try (Connection catalog = POSTGRES.connect("postgres"); Statement sql = catalog.createStatement()) {
            assertEquals(List.of(), column(sql, "SELECT datname FROM pg_database WHERE datname = '" + config.database() + "'"));
        }
    }

    /**
     * The target drops the setup's connection while it is inside {@code CREATE DATABASE} (as a cluster restarting or
     * an administrator ending sessions would): the worker connects again, carries on from that step, and the create
     * ends as it would have, with each step announced once.
     */
    @Test
    void aSetupWhoseConnectionTheTargetCutsConnectsAgainAndFinishes() throws Exception {
        RedshiftConfig config = config();
        String hold = "cut-" + config.database();
        holds.hold(hold, "CREATE DATABASE \"?" + config.database());
        Envelope work;
        try (Connection catalog = POSTGRES.connect("postgres"); Statement sql = catalog.createStatement()) {
            Timestamp before = Timestamp.from(Instant.now().minusSeconds(1));
            work = send(config);
            await().atMost(Duration.ofSeconds(30)).until(() -> holds.heldCount(hold) >= 1);
            try (PreparedStatement cut = catalog.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = 'dev' AND usename = ? AND backend_start >= ?")) {
                cut.setString(1, RedshiftStandIn.ADMIN_USER);
                cut.setTimestamp(2, before);
                try (ResultSet terminated = cut.executeQuery()) {
                    assertTrue(terminated.next(), "the setup's session in the initial database was found and ended");
                }
            }
        } finally {
            holds.release(hold);
        }
        Envelope end = awaitEnd(work);
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, end.type(), end.payload().toString());
        List<String> steps = eventsOf(work).stream().filter(e -> e.type().equals(MessageTypes.STEP_COMPLETED))
                .map(e -> e.payloadAs(StepCompleted.class).step()).toList();
        assertEquals(new HashSet<>(steps).size(), steps.size(), "each step announced once: " + steps);
        assertTrue(steps.contains("create-database"), steps.toString());
        try (Connection catalog = POSTGRES.connect("postgres"); Statement sql = catalog.createStatement()) {
            assertEquals(List.of(config.database()), column(sql, "SELECT datname FROM pg_database WHERE datname = '" + config.database() + "'"));
        }
    }

    /**
     * A redelivery that arrives while the first delivery is inside {@code CREATE DATABASE} (held there by the
     * stand-in) must not run a step: it waits for the first one's claim and then repeats its recorded outcome.
     */
    @Test
    void aSecondDeliveryDuringTheFirstOneWaitsAndRepeatsTheFirstOnesOutcome() throws Exception {
        RedshiftConfig config = config();
        String hold = "create-" + config.database();
        holds.hold(hold, "CREATE DATABASE \"?" + config.database());
        Envelope work;
        try {
            work = send(config);
            await().atMost(Duration.ofSeconds(30)).until(() -> holds.heldCount(hold) >= 1);
            deliver(work); // the same work item again, to this instance's second worker thread
            Thread.sleep(3_000); // ample time for an unclaimed second delivery to reach the same statement
            assertEquals(1, holds.heldCount(hold), "the second delivery did not start the step");
        } finally {
            holds.release(hold);
        }
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, awaitEnd(work).type());
        Thread.sleep(2_000); // the second delivery republishes after the first one's claim is given up
        Map<String, Set<UUID>> outcomes = new HashMap<>();
        for (Envelope event : eventsOf(work)) {
            outcomes.computeIfAbsent(event.type(), type -> new HashSet<>()).add(event.messageId());
        }
        assertEquals(Set.of(MessageTypes.STEP_COMPLETED, MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, MessageTypes.OPERATION_SUCCEEDED),
                outcomes.keySet(), "one outcome, and no failure beside it");
        assertEquals(1, outcomes.get(MessageTypes.OPERATION_SUCCEEDED).size(), "a repeated outcome keeps its message id");
        assertEquals(6, outcomes.get(MessageTypes.STEP_COMPLETED).size(), "each step announced under one id");
    }

    @Test
    void aRecordedOutcomeIsRepublishedWithItsSealedValuesUntilTheBrokerHasTheOriginals() {
        UUID messageId = UUID.randomUUID();
        String sealed = sealer.seal("secret", new SealingContext(SealingContext.COMMAND_CREDENTIALS, "1", messageId, "h"));
        List<Outgoing> outputs = List.of(new Outgoing(Topics.EVENTS, "1", Map.of(),
                "{\"payload\": {\"sealedPassword\": \"" + sealed + "\", \"note\": \"plain\"}}"));
        assertTrue(processed.complete(messageId, outputs), "the first to record wins");
        assertFalse(processed.complete(messageId, List.of()), "a second recording loses");
        assertEquals(outputs, processed.outputsOf(messageId).orElseThrow(), "a publish that failed is repeated whole");
        processed.forgetSealedValues(messageId);
        String republished = processed.outputsOf(messageId).orElseThrow().get(0).value();
        assertFalse(republished.contains("sealed:"), republished);
        assertTrue(republished.contains("sealed-ref:0") && republished.contains("plain"), republished);
    }

    @Test
    void onceTheOutcomeIsPublishedTheWorkerKeepsNoSealedValue() throws Exception {
        Envelope work = send(config());
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, awaitEnd(work).type());
        try (Connection own = DriverManager.getConnection(datasourceUrl, POSTGRES.adminUser(), POSTGRES.adminPassword());
             Statement sql = own.createStatement()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of("0"), column(sql,
                    "SELECT count(*) FROM setup_operation WHERE operation_id = '" + work.operationId() + "'"),
                    "the generated password is dropped with its operation"));
            assertEquals(List.of("0"), column(sql, "SELECT count(*) FROM processed_message_secret"));
            assertEquals(List.of("0"), column(sql, "SELECT count(*) FROM processed_message WHERE outputs::text LIKE '%sealed:%'"));
            assertEquals(List.of("1"), column(sql, "SELECT count(*) FROM processed_message WHERE message_id = '"
                    + work.messageId() + "' AND outputs::text LIKE '%sealed-ref:%'"), "the outputs keep a reference instead");
        }
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
