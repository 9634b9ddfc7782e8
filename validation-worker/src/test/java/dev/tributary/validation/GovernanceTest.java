package dev.tributary.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.governance.Entitlements;
import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.governance.GovernanceState;
import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.GovernedViews;
import dev.tributary.contracts.governance.MaskMethod;
import dev.tributary.contracts.governance.PolicyRule;
import dev.tributary.contracts.governance.UserProfile;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.GovernanceApplied;
import dev.tributary.contracts.messaging.GovernanceCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.RevalidationRequest;
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
import dev.tributary.contracts.sql.SetupStep;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.sql.SystemAccount;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.validation.service.GovernanceDrift;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Governance against the Redshift stand-in, signed in as a system account made by the setup's own steps: the check of
 * an {@code ApplyGovernance} command before it goes on, and the periodic check that compares governed views and
 * profiles with what they should be.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "validation_worker"), @ResourceArg(name = "redshift", value = "true")})
class GovernanceTest {
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    private static final AtomicLong IDS = new AtomicLong(9_000_000_000L + System.currentTimeMillis() % 1_000_000 * 100);
    private static final String PASSWORD = "Governed-Passw0rd";
    private static final GovernedViews SQL = new GovernedViews(SqlDialect.POSTGRESQL);
    private static final List<PolicyRule> RULES = List.of(new PolicyRule.RowFilter("region", "region", null),
            new PolicyRule.Mask(List.of("email"), MaskMethod.HASH, null, List.of("auditors")));
    private static final Entitlements ALICE = new Entitlements(Map.of("region", List.of("east")), List.of());
    private static final Entitlements BOB = new Entitlements(Map.of("region", List.of("west")), List.of("auditors"));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "tributary.test.redshift.port")
    int redshiftPort;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String datasourceUrl;
    @Inject
    SecretSealer sealer;

    private final List<String> databases = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();

    /** A managed database in single-database mode, set up by the setup's steps, with {@code public.orders} in it. */
    private record Target(String database, String account, RedshiftConfig config) {
    }

    @AfterEach
    void dropWhatTheTestMade() throws SQLException {
        for (String database : databases) {
            POSTGRES.dropDatabase(database);
        }
        for (String role : roles) {
            POSTGRES.dropRole(role);
        }
    }

    private Target target() throws SQLException {
        String database = "vg_" + UUID.randomUUID().toString().substring(0, 8);
        POSTGRES.createDatabase(database);
        databases.add(database);
        RedshiftConfig config = new RedshiftConfig("127.0.0.1", redshiftPort, database, database, Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
        String account = config.systemAccount();
        roles.add(account);
        try (Connection admin = POSTGRES.connect(database); Statement sql = admin.createStatement()) {
            for (SetupStep step : new ManagedDatabaseSetup(config, SqlDialect.POSTGRESQL, DatabaseMode.SINGLE_DATABASE)
                    .createSteps(new SystemAccount(account, PASSWORD))) {
                boolean present = false;
                if (step.existenceCheck() != null) {
                    try (ResultSet rows = sql.executeQuery(step.existenceCheck())) {
                        present = rows.next();
                    }
                }
                for (String statement : present ? step.whenPresent() : step.statements()) {
                    sql.execute(statement);
                }
            }
            sql.execute("CREATE TABLE public.orders (id INT, region VARCHAR(16), email VARCHAR(64))");
            sql.execute("INSERT INTO public.orders VALUES (1, 'east', 'a@example.com'), (2, 'west', 'b@example.com')");
            sql.execute("GRANT SELECT ON public.orders TO " + account);
            // no grant on this one
            sql.execute("CREATE TABLE public.secrets (id INT)");
        }
        return new Target(database, account, config);
    }

    private static GovernedTable orders(List<String> columns) {
        return new GovernedTable(null, "public", "orders", columns, "public_governed", "orders");
    }

    private static IntegrationSpec spec(Target target, boolean automatic) {
        return new IntegrationSpec(IntegrationType.REDSHIFT, automatic, target.config());
    }

    private Credentials systemAccount(Target target) {
        return new Credentials(target.account(), PASSWORD);
    }

    /** Runs {@code statements} in the target as its system account, as the bootstrap-worker would. */
    private void asSystemAccount(Target target, List<String> statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES.jdbcUrl(target.database()), target.account(), PASSWORD);
             Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String statement : statements) {
                sql.execute(statement);
            }
            connection.commit();
        }
    }

    private static void asAdmin(Target target, String... statements) throws SQLException {
        try (Connection connection = POSTGRES.connect(target.database()); Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    /** The view's oid and definition, as the catalog holds them; empty when it is gone. */
    private static String catalogEntry(Target target) throws SQLException {
        try (Connection connection = POSTGRES.connect(target.database()); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT c.oid, v.definition FROM pg_views v JOIN pg_class c ON c.relname ="
                     + " v.viewname JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = v.schemaname"
                     + " WHERE v.schemaname = 'public_governed' AND v.viewname = 'orders'")) {
            return rows.next() ? rows.getLong(1) + ":" + rows.getString(2) : "";
        }
    }

    private Envelope apply(Target target, boolean automatic, GovernanceChange change, Instant deadline) {
        String integrationId = Long.toString(IDS.incrementAndGet());
        UUID operationId = UUID.randomUUID();
        IntegrationSpec spec = spec(target, automatic);
        return send(Envelope.of(MessageTypes.APPLY_GOVERNANCE, integrationId, operationId, new GovernanceCommand(spec,
                sealer.seal(Json.write(systemAccount(target)), SealingContext.commandCredentials(integrationId, operationId, spec)),
                deadline, DatabaseMode.SINGLE_DATABASE, change)));
    }

    private Envelope apply(Target target, boolean automatic, GovernanceChange change) {
        return apply(target, automatic, change, Instant.now().plusSeconds(600));
    }

    private Envelope check(Target target, boolean automatic, GovernanceState state) {
        String integrationId = Long.toString(IDS.incrementAndGet());
        UUID checkId = UUID.randomUUID();
        IntegrationSpec spec = spec(target, automatic);
        return send(Envelope.of(MessageTypes.REVALIDATE_INTEGRATION, integrationId, checkId, new RevalidationRequest(spec,
                sealer.seal(Json.write(systemAccount(target)), SealingContext.revalidationCredentials(integrationId, checkId, spec)),
                3, state, false)));
    }

    private Envelope send(Envelope envelope) {
        TopicRecords.send(bootstrapServers, MessageTypes.ALL.get(envelope.type()).topic(), envelope.integrationId(),
                EnvelopeCodec.encode(envelope), EnvelopeCodec.headers(envelope));
        return envelope;
    }

    private Envelope awaitEvent(String topic, Envelope command, String type) {
        ConsumerRecord<String, String> record = TopicRecords.await(bootstrapServers, topic, r -> command.integrationId().equals(r.key())
                && type.equals(TopicRecords.header(r, EnvelopeCodec.HEADER_MESSAGE_TYPE)), Duration.ofSeconds(60));
        return EnvelopeCodec.decodeChecked(record.value());
    }

    /**
     * Everything the handling of {@code command} published, as "topic type" in order: it is recorded before it is
     * published, so once one of its records arrived, this is all of it.
     */
    private List<String> published(Envelope command) throws SQLException {
        try (Connection own = DriverManager.getConnection(datasourceUrl, POSTGRES.adminUser(), POSTGRES.adminPassword());
             PreparedStatement query = own.prepareStatement("SELECT outputs::text FROM processed_message WHERE message_id = ?")) {
            query.setObject(1, command.messageId());
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), "the handling is recorded");
                List<String> published = new ArrayList<>();
                for (JsonNode output : Json.read(rows.getString(1))) {
                    published.add(output.get("topic").asText() + " " + output.get("headers").get(EnvelopeCodec.HEADER_MESSAGE_TYPE).asText());
                }
                return published;
            }
        }
    }

    private static ValidationTest test(RevalidationCompleted completed, String name) {
        return completed.validationResults().validationTests().stream().filter(test -> test.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not among " + completed.validationResults()));
    }

    private static GovernanceChange.View view(long dataSourceId, List<String> columns) {
        return new GovernanceChange.View(dataSourceId, orders(columns), RULES, false, true, 3);
    }

    /** The target as the gateway would leave it: the view built from its policies, alice's and bob's profiles written. */
    private Target governedTarget() throws SQLException {
        Target target = target();
        asSystemAccount(target, SQL.createView(orders(List.of("id", "region", "email")), RULES));
        asSystemAccount(target, SQL.writeProfiles(List.of(new UserProfile("alice", ALICE, 1), new UserProfile("bob", BOB, 1)),
                Instant.now()));
        return target;
    }

    private static GovernanceState state(long dataSourceId, List<Long> unsettled) {
        return new GovernanceState(List.of(new UserProfile("alice", ALICE, 1), new UserProfile("bob", BOB, 1),
                new UserProfile("carol", null, 2)), List.of(view(dataSourceId, List.of("id", "region", "email"))), unsettled,
                DatabaseMode.SINGLE_DATABASE);
    }

    @Test
    void aTableThatDoesNotExistFailsNamingItAndItsDatabase() throws Exception {
        Target target = target();
        GovernedTable missing = new GovernedTable(null, "public", "nothing", List.of(), "public_governed", "nothing");
        Envelope command = apply(target, true, new GovernanceChange.View(7, missing, RULES, false, false, 1));
        GovernanceApplied applied = awaitEvent(Topics.EVENTS, command, MessageTypes.GOVERNANCE_APPLIED).payloadAs(GovernanceApplied.class);
        assertEquals(GovernanceApplied.FAILED, applied.outcome());
        assertEquals(7L, applied.dataSourceId());
        assertEquals(1, applied.revision());
        assertEquals(GovernanceChange.CREATE_VIEW, applied.step());
        assertEquals("table public.nothing does not exist in database " + target.database(), applied.message());
        assertEquals(List.of("integration.events " + MessageTypes.GOVERNANCE_APPLIED), published(command),
                "nothing goes on to the bootstrap-worker");
    }

    @Test
    void aTableTheSystemAccountCannotReadFailsWithTheGrantsItNeeds() throws Exception {
        Target target = target();
        GovernedTable secrets = new GovernedTable(null, "public", "secrets", List.of(), "public_governed", "secrets");
        Envelope command = apply(target, true, new GovernanceChange.View(8, secrets, List.of(), false, false, 1));
        GovernanceApplied applied = awaitEvent(Topics.EVENTS, command, MessageTypes.GOVERNANCE_APPLIED).payloadAs(GovernanceApplied.class);
        assertEquals(GovernanceApplied.FAILED, applied.outcome());
        assertTrue(applied.message().startsWith("the system account " + target.account() + " cannot read public.secrets in database "
                + target.database() + ": "), applied.message());
        assertTrue(applied.message().endsWith("GRANT USAGE ON SCHEMA \"public\" TO \"" + target.account()
                + "\"; GRANT SELECT ON \"public\".\"secrets\" TO \"" + target.account() + "\""), applied.message());
    }

    @Test
    void aReadableTableGoesOnToTheBootstrapWorkerWithItsColumnsInOrder() throws Exception {
        Target target = target();
        Envelope command = apply(target, true, new GovernanceChange.View(9, orders(List.of()), RULES, false, false, 1));
        Envelope work = awaitEvent(Topics.BOOTSTRAP, command, MessageTypes.GOVERNANCE_REQUESTED);
        assertEquals(command.operationId(), work.operationId());
        GovernanceCommand forwarded = work.payloadAs(GovernanceCommand.class);
        GovernanceChange.View view = (GovernanceChange.View) forwarded.change();
        assertEquals(List.of("id", "region", "email"), view.table().columns());
        assertEquals(RULES, view.rules());
        assertEquals(GovernanceChange.CREATE_VIEW, view.step());
        assertTrue(SecretSealer.isSealed(forwarded.sealedCredentials()));
        assertFalse(work.payload().toString().contains(PASSWORD));
        assertEquals(List.of("integration.bootstrap " + MessageTypes.GOVERNANCE_REQUESTED), published(command));
        assertEquals("", catalogEntry(target), "checking builds nothing");
    }

    @Test
    void aManualIntegrationsChangeWaitsForItsScriptWithTheColumns() throws Exception {
        Target target = target();
        Envelope command = apply(target, false, new GovernanceChange.View(10, orders(List.of()), RULES, false, false, 1));
        GovernanceApplied applied = awaitEvent(Topics.EVENTS, command, MessageTypes.GOVERNANCE_APPLIED).payloadAs(GovernanceApplied.class);
        assertEquals(GovernanceApplied.SCRIPT_PENDING, applied.outcome());
        assertEquals(List.of("id", "region", "email"), applied.columns());
        assertEquals("run the script of POST /integrations/" + command.integrationId() + "/scripts/policies, then POST /integrations/"
                + command.integrationId() + "/validate", applied.message());
    }

    @Test
    void profilesAreForwardedWithoutACheck() throws Exception {
        Target target = target();
        Envelope command = apply(target, true, new GovernanceChange.Profiles(List.of(new UserProfile("alice", ALICE, 4))));
        GovernanceCommand forwarded = awaitEvent(Topics.BOOTSTRAP, command, MessageTypes.GOVERNANCE_REQUESTED).payloadAs(GovernanceCommand.class);
        assertEquals(List.of(new UserProfile("alice", ALICE, 4)), ((GovernanceChange.Profiles) forwarded.change()).profiles());
    }

    @Test
    void aChangePastItsDeadlineFailsWithoutBeingChecked() throws Exception {
        Target target = target();
        Envelope command = apply(target, true, new GovernanceChange.View(11, orders(List.of()), RULES, false, false, 2),
                Instant.now().minusSeconds(1));
        GovernanceApplied applied = awaitEvent(Topics.EVENTS, command, MessageTypes.GOVERNANCE_APPLIED).payloadAs(GovernanceApplied.class);
        assertEquals(GovernanceApplied.FAILED, applied.outcome());
        assertTrue(applied.message().startsWith("not checked before its deadline"), applied.message());
        assertEquals(List.of("integration.events " + MessageTypes.GOVERNANCE_APPLIED), published(command));
    }

    @Test
    void aViewBuiltFromItsPoliciesIsInStepAndTheProbeLeavesItAsItWas() throws Exception {
        Target target = governedTarget();
        String before = catalogEntry(target);
        assertFalse(before.isEmpty());
        Envelope check = check(target, true, state(12, List.of()));
        RevalidationCompleted completed = awaitEvent(Topics.EVENTS, check, MessageTypes.REVALIDATION_COMPLETED)
                .payloadAs(RevalidationCompleted.class);
        assertEquals(TestStatus.PASSED, completed.validationResults().status(), completed.toString());
        assertEquals(List.of("public_governed.orders"), test(completed, GovernanceDrift.VIEWS_TEST).result());
        assertEquals(TestStatus.PASSED, test(completed, GovernanceDrift.PROFILES_TEST).status());
        assertEquals(List.of("integration.events " + MessageTypes.REVALIDATION_COMPLETED), published(check),
                "nothing to put back, and a settled data source in step changes nothing at the gateway");
        assertEquals(before, catalogEntry(target), "the same view (oid) with the same definition");
    }

    @Test
    void aViewDroppedByHandIsPutBackAndTheCheckWarnsWithoutFailing() throws Exception {
        Target target = governedTarget();
        asAdmin(target, "DROP VIEW public_governed.orders");
        Envelope check = check(target, true, state(13, List.of()));
        RevalidationCompleted completed = awaitEvent(Topics.EVENTS, check, MessageTypes.REVALIDATION_COMPLETED)
                .payloadAs(RevalidationCompleted.class);
        assertEquals(TestStatus.WARNING, completed.validationResults().status());
        assertEquals(3, completed.supportObjectsVersion(), "drift does not fail the check");
        ValidationTest views = test(completed, GovernanceDrift.VIEWS_TEST);
        assertEquals(TestStatus.WARNING, views.status());
        assertEquals("Governed views not as their policies say: public_governed.orders (missing). They are put back.", views.message());

        Envelope repair = awaitEvent(Topics.BOOTSTRAP, check, MessageTypes.GOVERNANCE_REQUESTED);
        assertEquals(check.operationId(), repair.operationId());
        GovernanceCommand command = repair.payloadAs(GovernanceCommand.class);
        GovernanceChange.View view = (GovernanceChange.View) command.change();
        assertEquals(13, view.dataSourceId());
        assertEquals(GovernanceChange.REPLACE_VIEW, view.step());
        assertEquals(List.of("id", "region", "email"), view.table().columns());
        assertTrue(command.deadline().isAfter(Instant.now()));
        assertEquals(DatabaseMode.SINGLE_DATABASE, command.databaseMode(), "the mode the gateway recorded");
        Credentials opened = Json.convert(Json.read(sealer.unseal(command.sealedCredentials(),
                SealingContext.commandCredentials(check.integrationId(), check.operationId(), command.spec()))), Credentials.class);
        assertEquals(target.account(), opened.username(), "the check's credentials, sealed for the repair's command");
        assertEquals(List.of("integration.events " + MessageTypes.REVALIDATION_COMPLETED,
                "integration.bootstrap " + MessageTypes.GOVERNANCE_REQUESTED), published(check));
        assertEquals("", catalogEntry(target), "the check itself puts nothing back");
    }

    @Test
    void aViewReplacedByHandWithAnotherDefinitionIsPutBackAndTheProbeChangesNothing() throws Exception {
        Target target = governedTarget();
        asAdmin(target, "CREATE OR REPLACE VIEW public_governed.orders AS SELECT t.id, t.region,"
                + " CAST(t.email AS VARCHAR) AS email FROM public.orders AS t");
        String before = catalogEntry(target);
        Envelope check = check(target, true, state(14, List.of()));
        RevalidationCompleted completed = awaitEvent(Topics.EVENTS, check, MessageTypes.REVALIDATION_COMPLETED)
                .payloadAs(RevalidationCompleted.class);
        ValidationTest views = test(completed, GovernanceDrift.VIEWS_TEST);
        assertEquals(TestStatus.WARNING, views.status());
        assertTrue(views.message().contains("public_governed.orders (changed by hand)"), views.message());
        GovernanceChange.View view = (GovernanceChange.View) awaitEvent(Topics.BOOTSTRAP, check, MessageTypes.GOVERNANCE_REQUESTED)
                .payloadAs(GovernanceCommand.class).change();
        assertEquals(14, view.dataSourceId());
        assertEquals(before, catalogEntry(target), "the probe's rebuild was rolled back: same oid, same definition");
        assertFalse(before.contains("user_profile"), "the hand-made view lets every row through: " + before);
    }

    @Test
    void aProfileOrEntitlementRowChangedByHandAndUnknownUsersRowsArePutBack() throws Exception {
        Target target = governedTarget();
        asAdmin(target, "UPDATE immuta_system.profile SET entitlements = '{\"attributes\":{\"region\":[\"west\"]},\"groups\":[]}'"
                        + " WHERE user_name = 'alice'",
                // the same document with its fields in another order is in step
                "UPDATE immuta_system.profile SET entitlements = '{\"groups\":[\"auditors\"],\"attributes\":{\"region\":[\"west\"]}}'"
                        + " WHERE user_name = 'bob'",
                "INSERT INTO immuta_system.profile (user_name, entitlements) VALUES ('mallory', '{}')",
                // the views read these rows, not the document: a region and a group added to them by hand
                "INSERT INTO immuta_system.profile_attribute (user_name, attribute, value) VALUES ('bob', 'region', 'east')",
                "INSERT INTO immuta_system.profile_group (user_name, group_name) VALUES ('eve', 'auditors')");
        Envelope check = check(target, true, state(15, List.of()));
        RevalidationCompleted completed = awaitEvent(Topics.EVENTS, check, MessageTypes.REVALIDATION_COMPLETED)
                .payloadAs(RevalidationCompleted.class);
        assertEquals(TestStatus.PASSED, test(completed, GovernanceDrift.VIEWS_TEST).status());
        ValidationTest profiles = test(completed, GovernanceDrift.PROFILES_TEST);
        assertEquals(TestStatus.WARNING, profiles.status());
        assertEquals("User profiles not as their entitlements say: alice (changed by hand), bob (changed by hand),"
                + " mallory (not a user Tributary knows), eve (not a user Tributary knows). They are put back.", profiles.message());
        Envelope repair = awaitEvent(Topics.BOOTSTRAP, check, MessageTypes.GOVERNANCE_REQUESTED);
        GovernanceChange.Profiles change = (GovernanceChange.Profiles) repair.payloadAs(GovernanceCommand.class).change();
        assertEquals(List.of(new UserProfile("alice", ALICE, 1), new UserProfile("bob", BOB, 1), new UserProfile("mallory", null, 0),
                new UserProfile("eve", null, 0)), change.profiles());
    }

    @Test
    void anUnsettledDataSourceFoundInStepIsReportedAppliedAndAManualDriftIsNotPutBack() throws Exception {
        Target target = governedTarget();
        asAdmin(target, "DELETE FROM immuta_system.profile WHERE user_name = 'bob'");
        Envelope check = check(target, false, state(16, List.of(16L)));
        GovernanceApplied applied = awaitEvent(Topics.EVENTS, check, MessageTypes.GOVERNANCE_APPLIED).payloadAs(GovernanceApplied.class);
        assertEquals(GovernanceApplied.APPLIED, applied.outcome());
        assertEquals(16L, applied.dataSourceId());
        assertEquals(3, applied.revision());
        assertEquals(List.of("id", "region", "email"), applied.columns());
        RevalidationCompleted completed = awaitEvent(Topics.EVENTS, check, MessageTypes.REVALIDATION_COMPLETED)
                .payloadAs(RevalidationCompleted.class);
        assertEquals("User profiles not as their entitlements say: bob (missing). Run the script of POST /integrations/"
                + check.integrationId() + "/scripts/policies, then POST /integrations/" + check.integrationId() + "/validate.",
                test(completed, GovernanceDrift.PROFILES_TEST).message());
        assertEquals(List.of("integration.events " + MessageTypes.REVALIDATION_COMPLETED,
                "integration.events " + MessageTypes.GOVERNANCE_APPLIED), published(check), "a manual target is not changed");
    }

    @Test
    void aSettledDataSourceWhoseTableCannotBeReadIsReportedFailed() throws Exception {
        Target target = governedTarget();
        asAdmin(target, "REVOKE SELECT ON public.orders FROM " + target.account());
        Envelope check = check(target, true, state(17, List.of()));
        GovernanceApplied applied = awaitEvent(Topics.EVENTS, check, MessageTypes.GOVERNANCE_APPLIED).payloadAs(GovernanceApplied.class);
        assertEquals(GovernanceApplied.FAILED, applied.outcome());
        assertEquals(17L, applied.dataSourceId());
        assertTrue(applied.message().contains("cannot read public.orders") && applied.message().contains("GRANT SELECT ON"),
                applied.message());
        RevalidationCompleted completed = awaitEvent(Topics.EVENTS, check, MessageTypes.REVALIDATION_COMPLETED)
                .payloadAs(RevalidationCompleted.class);
        assertEquals(TestStatus.WARNING, test(completed, GovernanceDrift.VIEWS_TEST).status());
        assertFalse(published(check).contains("integration.bootstrap " + MessageTypes.GOVERNANCE_REQUESTED),
                "a repair could not read the table either");
    }

    @Test
    void aCheckOfAnIntegrationThatGovernsNothingSkipsBothTests() throws Exception {
        Target target = target();
        Envelope check = check(target, true, null);
        RevalidationCompleted completed = awaitEvent(Topics.EVENTS, check, MessageTypes.REVALIDATION_COMPLETED)
                .payloadAs(RevalidationCompleted.class);
        assertEquals(TestStatus.PASSED, completed.validationResults().status(), completed.toString());
        assertEquals(TestStatus.SKIPPED, test(completed, GovernanceDrift.VIEWS_TEST).status());
        assertEquals(TestStatus.SKIPPED, test(completed, GovernanceDrift.PROFILES_TEST).status());
    }
}
