package dev.tributary.bootstrap;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
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
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.testing.SupportObjectsVersionOne;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migrations of support objects from version 1 in the stand-in: the procedures replaced and PUBLIC's EXECUTE revoked
 * in one transaction, or, when a statement fails, nothing changed. The checks read PostgreSQL's catalog.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "bootstrap_worker"), @ResourceArg(name = "redshift", value = "true")})
class SupportObjectsMigrationTest {
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 100 + 70);
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    private static final Credentials ADMIN = new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "tributary.test.redshift.port")
    int redshiftPort;
    @Inject
    SecretSealer sealer;

    private final List<RedshiftConfig> made = new ArrayList<>();

    @AfterEach
    void dropWhatTheTestsMade() throws Exception {
        for (RedshiftConfig config : made) {
            POSTGRES.dropDatabase(config.database());
            POSTGRES.dropRole(config.systemAccount());
            POSTGRES.dropRole(config.impersonationRole());
        }
    }

    /** An impersonating setup made at the current version, then put back to version 1; returns its system password. */
    private String versionOneSetup(RedshiftConfig config, String id) throws Exception {
        made.add(config);
        Envelope created = send(id, Operation.CREATE, config, ADMIN, null);
        Envelope end = awaitEnd(created);
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, end.type(), end.payload().toString());
        String password = sealer.unseal(events(created).stream().filter(e -> e.type().equals(MessageTypes.SYSTEM_ACCOUNT_PROVISIONED))
                .findFirst().orElseThrow().payloadAs(SystemAccountProvisioned.class).sealedPassword(),
                SealingContext.systemAccountPassword(id, spec(config)));
        try (Connection managed = POSTGRES.connect(config.database()); Statement sql = managed.createStatement()) {
            SupportObjectsVersionOne.apply(managed, config);
            // version 1 (and 2) had no entitlement tables
            sql.execute("DROP VIEW immuta_system.user_attributes, immuta_system.user_groups");
            sql.execute("DROP TABLE immuta_system.profile_attribute, immuta_system.profile_group");
        }
        assertVersionOne(config);
        return password;
    }

    private RedshiftConfig config() {
        String database = "mig_" + UUID.randomUUID().toString().substring(0, 8);
        return new RedshiftConfig("127.0.0.1", redshiftPort, database, "dev", new Impersonation(true, database + "_imp"),
                AuthenticationType.USER_PASSWORD, null);
    }

    private static IntegrationSpec spec(RedshiftConfig config) {
        return new IntegrationSpec(IntegrationType.REDSHIFT, true, config);
    }

    private Envelope send(String id, Operation operation, RedshiftConfig config, Credentials login, Integer version) {
        UUID operationId = UUID.randomUUID();
        IntegrationCommand work = new IntegrationCommand(operation, spec(config), null,
                sealer.seal(Json.write(login), SealingContext.commandCredentials(id, operationId, spec(config))), null,
                Instant.now().plusSeconds(600), null, version);
        Envelope envelope = Envelope.of(MessageTypes.BOOTSTRAP_REQUESTED, id, operationId, work);
        TopicRecords.send(bootstrapServers, Topics.BOOTSTRAP, id, EnvelopeCodec.encode(envelope), EnvelopeCodec.headers(envelope));
        return envelope;
    }

    private List<Envelope> events(Envelope work) {
        return TopicRecords.readAll(bootstrapServers, Topics.EVENTS).stream().filter(record -> work.integrationId().equals(record.key()))
                .map(ConsumerRecord::value).map(EnvelopeCodec::decodeChecked)
                .filter(event -> event.operationId().equals(work.operationId())).toList();
    }

    private Envelope awaitEnd(Envelope work) {
        return EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, Topics.EVENTS, record -> work.integrationId().equals(record.key())
                && TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE).startsWith("Operation")
                && EnvelopeCodec.decodeChecked(record.value()).operationId().equals(work.operationId()), Duration.ofSeconds(60)).value());
    }

    /** Each procedure as {@code name config public-may-execute}. */
    private static List<String> procedures(RedshiftConfig config) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection catalog = POSTGRES.connect(config.database()); Statement sql = catalog.createStatement();
             ResultSet result = sql.executeQuery("SELECT p.proname || ' ' || coalesce(p.proconfig::text, '-') || ' '"
                     + " || has_function_privilege('public', p.oid, 'EXECUTE')::text FROM pg_proc p"
                     + " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'immuta_procedures' ORDER BY 1")) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static void assertVersionOne(RedshiftConfig config) throws Exception {
        assertEquals(List.of("grant_impersonation - true", "impersonate_user - true", "revoke_impersonation - true"),
                procedures(config), "version 1: no search_path, EXECUTE for PUBLIC");
        assertEquals(List.of("profile", "user_profile"), supportTables(config), "version 1: no entitlement tables");
    }

    /** The tables and views of {@code immuta_system}. */
    private static List<String> supportTables(RedshiftConfig config) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection catalog = POSTGRES.connect(config.database()); Statement sql = catalog.createStatement();
             ResultSet result = sql.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE n.nspname = 'immuta_system' AND c.relkind IN ('r', 'v') ORDER BY 1")) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    @Test
    void aMigrationFromVersionOneReplacesTheProceduresAndRevokesPublicsExecute() throws Exception {
        RedshiftConfig config = config();
        String id = Long.toString(IDS.incrementAndGet());
        versionOneSetup(config, id);

        Envelope migrate = send(id, Operation.MIGRATE, config, ADMIN, 1);
        Envelope end = awaitEnd(migrate);
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, end.type(), end.payload().toString());
        OperationFinished finished = end.payloadAs(OperationFinished.class);
        assertEquals(IntegrationStatus.ENABLED, finished.status());
        assertEquals(ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION, finished.supportObjectsVersion());
        assertEquals(List.of("grant_impersonation {search_path=pg_catalog} false", "impersonate_user {search_path=pg_catalog} false",
                "revoke_impersonation {search_path=pg_catalog} false"), procedures(config));
        try (Connection catalog = POSTGRES.connect(config.database()); Statement sql = catalog.createStatement();
             ResultSet result = sql.executeQuery("SELECT has_function_privilege('" + config.systemAccount()
                     + "', 'immuta_procedures.grant_impersonation(varchar)', 'EXECUTE')")) {
            result.next();
            assertTrue(result.getBoolean(1), "the system account may still run the procedures");
        }
        assertEquals(List.of("migrate-1-to-2-impersonation-procedures", "migrate-2-to-3-entitlement-tables"),
                events(migrate).stream().filter(event -> event.type().equals(MessageTypes.STEP_COMPLETED))
                        .map(event -> event.payloadAs(StepCompleted.class).step()).toList());
        assertEquals(List.of("profile", "profile_attribute", "profile_group", "user_attributes", "user_groups", "user_profile"),
                supportTables(config), "version 3: the entitlement tables");
        try (Connection catalog = POSTGRES.connect(config.database()); Statement sql = catalog.createStatement();
             ResultSet result = sql.executeQuery("SELECT has_table_privilege('" + config.systemAccount()
                     + "', 'immuta_system.profile_attribute', 'INSERT')")) {
            result.next();
            assertTrue(result.getBoolean(1), "the system account writes the entitlement tables the administrator made");
        }

        // a second delivery of another migration changes nothing and succeeds again: every step may run again
        assertEquals(MessageTypes.OPERATION_SUCCEEDED, awaitEnd(send(id, Operation.MIGRATE, config, ADMIN, 1)).type());
    }

    @Test
    void aMigrationAsALoginThatDoesNotOwnTheProceduresEndsInMigrateErrorWithVersionOneStillInPlace() throws Exception {
        RedshiftConfig config = config();
        String id = Long.toString(IDS.incrementAndGet());
        String systemPassword = versionOneSetup(config, id);

        Envelope migrate = send(id, Operation.MIGRATE, config, new Credentials(config.systemAccount(), systemPassword), 1);
        Envelope end = awaitEnd(migrate);
        assertEquals(MessageTypes.OPERATION_FAILED, end.type(), end.payload().toString());
        OperationFinished failed = end.payloadAs(OperationFinished.class);
        assertEquals(IntegrationStatus.MIGRATE_ERROR, failed.status());
        assertEquals(1, failed.supportObjectsVersion());
        assertTrue(failed.message().contains("must be owner") && failed.message().contains("stay at version 1"), failed.message());
        assertVersionOne(config);
        assertTrue(events(migrate).stream().noneMatch(event -> event.type().equals(MessageTypes.STEP_COMPLETED)),
                "no step is announced of a rolled-back migration");
    }
}
