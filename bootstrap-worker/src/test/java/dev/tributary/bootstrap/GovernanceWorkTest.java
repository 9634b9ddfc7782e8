package dev.tributary.bootstrap;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.governance.Entitlements;
import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.MaskMethod;
import dev.tributary.contracts.governance.PolicyRule;
import dev.tributary.contracts.governance.UserProfile;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.GovernanceApplied;
import dev.tributary.contracts.messaging.GovernanceCommand;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.redshift.StatementHolds;
import dev.tributary.sandbox.testing.QueryRows;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Governance changes applied to a single-database setup on the stand-in: the views are checked in PostgreSQL's
 * catalog, and real users, created with passwords, sign in through the Redshift driver and read them.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "bootstrap_worker"), @ResourceArg(name = "redshift", value = "true")})
class GovernanceWorkTest {
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 100 + 90);
    /** Revisions of users' entries, rising across the tests, which share the integration's profile lane. */
    private static final AtomicLong USER_REVISIONS = new AtomicLong();
    private static final AtomicLong DATA_SOURCES = new AtomicLong();
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    private static final String DATABASE = "gov_" + SUFFIX;
    private static final String ALICE = "alice_" + SUFFIX;
    private static final String BOB = "bob_" + SUFFIX;
    private static final String USER_PASSWORD = "Governed-Passw0rd";
    private static final List<PolicyRule> BY_REGION_EMAILS_HASHED = List.of(
            new PolicyRule.RowFilter("region", "region", null),
            new PolicyRule.Mask(List.of("email"), MaskMethod.HASH, null, List.of("auditors")));
    private static final List<PolicyRule> BY_REGION = List.of(new PolicyRule.RowFilter("region", "region", null));

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "tributary.test.redshift.port")
    int redshiftPort;
    @ConfigProperty(name = "tributary.test.redshift.holds-dir")
    Path holdsDirectory;
    @Inject
    SecretSealer sealer;

    /** The integration every test governs: set up once, by the worker, in single-database mode. */
    private static String integrationId;
    private static IntegrationSpec spec;
    private static Credentials systemAccount;

    @BeforeEach
    void setUpTheTargetOnce() throws Exception {
        if (integrationId != null) {
            return;
        }
        POSTGRES.createDatabase(DATABASE);
        try (Connection target = POSTGRES.connect(DATABASE); Statement sql = target.createStatement()) {
            sql.execute("CREATE TABLE public.orders (id INT, region VARCHAR(16), email VARCHAR(64))");
            sql.execute("INSERT INTO public.orders VALUES (1, 'east', 'a@example.com'), (2, 'west', 'b@example.com'),"
                    + " (3, 'east', 'c@example.com')");
            sql.execute("CREATE TABLE public.orders_lane (id INT, region VARCHAR(16))");
            for (String user : List.of(ALICE, BOB)) {
                sql.execute("CREATE USER " + user + " PASSWORD '" + USER_PASSWORD + "'");
            }
        }
        RedshiftConfig config = new RedshiftConfig("127.0.0.1", redshiftPort, DATABASE, "dev", Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
        String id = Long.toString(IDS.incrementAndGet());
        IntegrationSpec setupSpec = new IntegrationSpec(IntegrationType.REDSHIFT, true, config);
        UUID operationId = UUID.randomUUID();
        IntegrationCommand create = new IntegrationCommand(Operation.CREATE, setupSpec, null,
                sealer.seal(Json.write(new Credentials(RedshiftStandIn.ADMIN_USER, RedshiftStandIn.DEFAULT_PASSWORD)),
                        SealingContext.commandCredentials(id, operationId, setupSpec)), null, Instant.now().plusSeconds(600),
                DatabaseMode.SINGLE_DATABASE, null);
        Envelope work = deliver(Envelope.of(MessageTypes.BOOTSTRAP_REQUESTED, id, operationId, create));
        Envelope provisioned = EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, Topics.EVENTS, record ->
                id.equals(record.key()) && MessageTypes.SYSTEM_ACCOUNT_PROVISIONED.equals(
                        TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE)), Duration.ofSeconds(60)).value());
        assertEquals(work.operationId(), provisioned.operationId());
        systemAccount = new Credentials(config.systemAccount(), sealer.unseal(
                provisioned.payloadAs(SystemAccountProvisioned.class).sealedPassword(), SealingContext.systemAccountPassword(id, setupSpec)));
        try (Connection target = POSTGRES.connect(DATABASE); Statement sql = target.createStatement()) {
            sql.execute("GRANT USAGE ON SCHEMA public TO " + config.systemAccount());
            sql.execute("GRANT SELECT ON public.orders, public.orders_lane TO " + config.systemAccount());
        }
        spec = setupSpec;
        integrationId = id;
    }

    @AfterAll
    static void dropTheTarget() throws Exception {
        POSTGRES.dropDatabase(DATABASE);
        for (String role : List.of(ALICE, BOB, DATABASE + "_system")) {
            POSTGRES.dropRole(role);
        }
    }

    private Envelope deliver(Envelope envelope) {
        TopicRecords.send(bootstrapServers, Topics.BOOTSTRAP, envelope.integrationId(), EnvelopeCodec.encode(envelope),
                EnvelopeCodec.headers(envelope));
        return envelope;
    }

    private Envelope send(GovernanceChange change) {
        return send(change, Instant.now().plusSeconds(600), false);
    }

    private Envelope send(GovernanceChange change, boolean repair) {
        return send(change, Instant.now().plusSeconds(600), repair);
    }

    private Envelope send(GovernanceChange change, Instant deadline) {
        return send(change, deadline, false);
    }

    private Envelope send(GovernanceChange change, Instant deadline, boolean repair) {
        UUID operationId = UUID.randomUUID();
        GovernanceCommand command = new GovernanceCommand(spec, sealer.seal(Json.write(systemAccount),
                SealingContext.commandCredentials(integrationId, operationId, spec)), deadline, DatabaseMode.SINGLE_DATABASE,
                change, repair);
        return deliver(Envelope.of(MessageTypes.GOVERNANCE_REQUESTED, integrationId, operationId, command));
    }

    private List<Envelope> eventsOf(Envelope work, String type) {
        return TopicRecords.readAll(bootstrapServers, Topics.EVENTS).stream()
                .filter(record -> integrationId.equals(record.key()) && type.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE)))
                .map(ConsumerRecord::value).map(EnvelopeCodec::decodeChecked)
                .filter(event -> event.operationId().equals(work.operationId())).toList();
    }

    private GovernanceApplied awaitOutcome(Envelope work) {
        return EnvelopeCodec.decodeChecked(TopicRecords.await(bootstrapServers, Topics.EVENTS, record -> integrationId.equals(record.key())
                && MessageTypes.GOVERNANCE_APPLIED.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE))
                && EnvelopeCodec.decodeChecked(record.value()).operationId().equals(work.operationId()), Duration.ofSeconds(60)).value())
                .payloadAs(GovernanceApplied.class);
    }

    private GovernanceApplied apply(GovernanceChange change) {
        GovernanceApplied outcome = awaitOutcome(send(change));
        assertEquals(GovernanceApplied.APPLIED, outcome.outcome(), outcome.message());
        return outcome;
    }

    private void entitle(String user, Map<String, List<String>> attributes, List<String> groups) {
        apply(new GovernanceChange.Profiles(List.of(new UserProfile(user, new Entitlements(attributes, groups),
                USER_REVISIONS.incrementAndGet()))));
    }

    private static GovernedTable orders(String viewName) {
        return new GovernedTable(null, "public", "orders", List.of(), "public_governed", viewName);
    }

    private static GovernanceChange.View view(long dataSourceId, String viewName, List<PolicyRule> rules, boolean replace, long revision) {
        return new GovernanceChange.View(dataSourceId, orders(viewName), rules, false, replace, revision);
    }

    private static Connection signIn(int port, String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", USER_PASSWORD);
        properties.setProperty("ssl", "false");
        return DriverManager.getConnection("jdbc:redshift://127.0.0.1:" + port + "/" + DATABASE, properties);
    }

    /** The rows {@code user} reads, signed in through the Redshift driver, each as {@code a|b|c}. */
    private List<String> rowsAs(String user, String query) throws SQLException {
        try (Connection connection = signIn(redshiftPort, user)) {
            return QueryRows.read(connection, query);
        }
    }

    private static List<String> catalog(String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = POSTGRES.connect(DATABASE); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static List<String> definition(String viewName) throws SQLException {
        return definition("public_governed", viewName);
    }

    private static List<String> definition(String schema, String viewName) throws SQLException {
        return catalog("SELECT definition FROM pg_views WHERE schemaname = '" + schema + "' AND viewname = '" + viewName + "'");
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aViewIsCreatedOwnedByTheSystemAccountShowsEachUserTheirRowsAndIsReplacedAndDropped() throws Exception {
        entitle(ALICE, Map.of("region", List.of("east")), List.of());
        entitle(BOB, Map.of("region", List.of("west")), List.of("auditors"));
        long id = DATA_SOURCES.incrementAndGet();
        String name = "orders_" + id;
        String query = "SELECT * FROM public_governed." + name + " ORDER BY id";

        Envelope create = send(view(id, name, BY_REGION_EMAILS_HASHED, false, 1));
        GovernanceApplied created = awaitOutcome(create);
        assertEquals(new GovernanceApplied(id, 1, GovernanceChange.CREATE_VIEW, GovernanceApplied.APPLIED, null,
                List.of("id", "region", "email")), created, "the columns as the table has them, in order");
        assertEquals(List.of(systemAccount.username()), catalog("SELECT viewowner FROM pg_views WHERE schemaname = 'public_governed'"
                + " AND viewname = '" + name + "'"));
        assertEquals(List.of("true"), catalog("SELECT has_table_privilege('public', 'public_governed." + name + "', 'SELECT')::text"));
        assertEquals(List.of("false"), catalog("SELECT has_table_privilege('" + ALICE + "', 'public.orders', 'SELECT')::text"));
        StepCompleted step = eventsOf(create, MessageTypes.STEP_COMPLETED).get(0).payloadAs(StepCompleted.class);
        assertEquals(List.of(Operation.GOVERN, GovernanceChange.CREATE_VIEW, StepCompleted.DONE, "public_governed." + name),
                List.of(step.operation(), step.step(), step.outcome(), step.detail()));

        assertEquals(List.of("1|east|" + sha256("a@example.com"), "3|east|" + sha256("c@example.com")), rowsAs(ALICE, query),
                "alice: east only, e-mails hashed");
        assertEquals(List.of("2|west|b@example.com"), rowsAs(BOB, query), "bob: west only, an auditor reads the e-mails");
        SQLException refused = assertThrows(SQLException.class, () -> rowsAs(ALICE, "SELECT * FROM public.orders"));
        assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());

        Envelope replace = send(view(id, name, BY_REGION, true, 2));
        assertEquals(GovernanceApplied.APPLIED, awaitOutcome(replace).outcome());
        assertEquals(List.of(GovernanceChange.REPLACE_VIEW), eventsOf(replace, MessageTypes.STEP_COMPLETED).stream()
                .map(event -> event.payloadAs(StepCompleted.class).step()).toList());
        assertEquals(List.of("1|east|a@example.com", "3|east|c@example.com"), rowsAs(ALICE, query), "the mask is gone");
        assertEquals(List.of(systemAccount.username()), catalog("SELECT viewowner FROM pg_views WHERE viewname = '" + name + "'"));

        Envelope drop = send(new GovernanceChange.View(id, orders(name), BY_REGION, true, true, 3));
        GovernanceApplied dropped = awaitOutcome(drop);
        assertEquals(List.of(GovernanceApplied.APPLIED, GovernanceChange.DROP_VIEW), List.of(dropped.outcome(), dropped.step()));
        assertEquals(List.of(), definition(name));
        assertEquals("public_governed." + name, eventsOf(drop, MessageTypes.STEP_COMPLETED).get(0).payloadAs(StepCompleted.class).detail());
    }

    @Test
    void profilesAreWrittenAndRemovedAndAnOlderRevisionOfAUserChangesNothing() throws Exception {
        long id = DATA_SOURCES.incrementAndGet();
        String name = "orders_" + id;
        apply(view(id, name, BY_REGION, false, 1));
        String query = "SELECT id FROM public_governed." + name + " ORDER BY id";

        long older = USER_REVISIONS.incrementAndGet();
        long newer = USER_REVISIONS.incrementAndGet();
        Envelope write = send(new GovernanceChange.Profiles(List.of(
                new UserProfile(ALICE, new Entitlements(Map.of("region", List.of("west")), List.of()), newer),
                new UserProfile(BOB, new Entitlements(Map.of("region", List.of("east")), List.of()), newer))));
        GovernanceApplied written = awaitOutcome(write);
        assertEquals(new GovernanceApplied(null, newer, GovernanceChange.WRITE_PROFILE, GovernanceApplied.APPLIED, null, List.of()), written);
        assertEquals(ALICE + ", " + BOB, eventsOf(write, MessageTypes.STEP_COMPLETED).get(0).payloadAs(StepCompleted.class).detail());
        assertEquals(List.of("2"), rowsAs(ALICE, query), "alice: west, without the view being rebuilt");
        assertEquals(List.of("region=west"), catalog("SELECT attribute || '=' || value FROM immuta_system.profile_attribute"
                + " WHERE user_name = '" + ALICE + "'"));

        Envelope late = send(new GovernanceChange.Profiles(List.of(
                new UserProfile(ALICE, new Entitlements(Map.of("region", List.of("east")), List.of()), older))));
        GovernanceApplied superseded = awaitOutcome(late);
        assertEquals(GovernanceApplied.SUPERSEDED, superseded.outcome(), superseded.message());
        assertTrue(superseded.message().contains(ALICE), superseded.message());
        assertEquals(List.of(), eventsOf(late, MessageTypes.STEP_COMPLETED), "nothing was done, so no step");
        assertEquals(List.of("2"), rowsAs(ALICE, query), "alice still reads west");

        apply(new GovernanceChange.Profiles(List.of(new UserProfile(ALICE, null, USER_REVISIONS.incrementAndGet()))));
        assertEquals(List.of(), rowsAs(ALICE, query), "a removed user sees no row");
        for (String table : List.of("profile", "profile_attribute", "profile_group")) {
            assertEquals(List.of("0"), catalog("SELECT count(*) FROM immuta_system." + table + " WHERE user_name = '" + ALICE + "'"), table);
        }
        assertEquals(List.of("1", "3"), rowsAs(BOB, query), "bob's entry is his own");
    }

    @Test
    void anOlderRevisionOfAViewAfterANewerOneIsSupersededAndChangesNothing() throws Exception {
        entitle(ALICE, Map.of("region", List.of("east")), List.of());
        long id = DATA_SOURCES.incrementAndGet();
        String name = "orders_" + id;
        apply(view(id, name, BY_REGION_EMAILS_HASHED, false, 5));
        List<String> before = definition(name);

        Envelope late = send(view(id, name, BY_REGION, true, 4));
        GovernanceApplied superseded = awaitOutcome(late);
        assertEquals(List.of(GovernanceApplied.SUPERSEDED, 4L), List.of(superseded.outcome(), superseded.revision()), superseded.message());
        assertEquals(List.of(), eventsOf(late, MessageTypes.STEP_COMPLETED));
        assertEquals(before, definition(name));
        assertEquals(List.of("1|east|" + sha256("a@example.com"), "3|east|" + sha256("c@example.com")),
                rowsAs(ALICE, "SELECT * FROM public_governed." + name + " ORDER BY id"), "still masked");

        // the same revision again as a check's repair applies; as a change (one a repair ran ahead of) it does not
        Envelope repair = send(view(id, name, BY_REGION_EMAILS_HASHED, true, 5), true);
        assertEquals(GovernanceApplied.APPLIED, awaitOutcome(repair).outcome());
        Envelope again = send(view(id, name, BY_REGION_EMAILS_HASHED, true, 5));
        assertEquals(GovernanceApplied.SUPERSEDED, awaitOutcome(again).outcome());
        assertEquals(List.of(), eventsOf(again, MessageTypes.STEP_COMPLETED), "the view is not replaced a second time");
    }

    @Test
    void twoDeliveriesOfOneWorkItemApplyItOnce() throws Exception {
        String user = "dave_" + SUFFIX; // an entry needs no database user
        Envelope work = send(new GovernanceChange.Profiles(List.of(new UserProfile(user,
                new Entitlements(Map.of("region", List.of("east")), List.of()), USER_REVISIONS.incrementAndGet()))));
        assertEquals(GovernanceApplied.APPLIED, awaitOutcome(work).outcome());
        try (Connection target = POSTGRES.connect(DATABASE); Statement sql = target.createStatement()) {
            sql.execute("DELETE FROM immuta_system.profile WHERE user_name = '" + user + "'");
        }

        deliver(work);
        await().atMost(Duration.ofSeconds(60)).until(() -> eventsOf(work, MessageTypes.GOVERNANCE_APPLIED).size() == 2);
        assertEquals(1, eventsOf(work, MessageTypes.GOVERNANCE_APPLIED).stream().map(Envelope::messageId).collect(Collectors.toSet()).size(),
                "the second delivery repeats the first one's outcome, under its id");
        assertEquals(1, eventsOf(work, MessageTypes.STEP_COMPLETED).size(), "one step");
        assertEquals(List.of("0"), catalog("SELECT count(*) FROM immuta_system.profile WHERE user_name = '" + user + "'"),
                "the entry was not written a second time");
    }

    @Test
    void aRuleNamingAColumnTheTableLacksFailsWithAMessageAndLeavesThePreviousView() throws Exception {
        entitle(ALICE, Map.of("region", List.of("east")), List.of());
        long id = DATA_SOURCES.incrementAndGet();
        String name = "orders_" + id;
        apply(view(id, name, BY_REGION, false, 1));
        List<String> before = definition(name);

        // the engine refuses the filter after the old view was dropped in the transaction: the rollback puts it back
        Envelope filter = send(view(id, name, List.of(new PolicyRule.RowFilter("nosuch", "region", null)), true, 2));
        GovernanceApplied failed = awaitOutcome(filter);
        assertEquals(GovernanceApplied.FAILED, failed.outcome());
        for (String part : List.of("replace-view", "public_governed." + name, "host 127.0.0.1", "database " + DATABASE, "nosuch",
                "previous view stays")) {
            assertTrue(failed.message().contains(part), part + " in " + failed.message());
        }
        assertTrue(!failed.message().contains("CREATE VIEW"), "no SQL in the message: " + failed.message());
        assertEquals(List.of(), eventsOf(filter, MessageTypes.STEP_COMPLETED));
        assertEquals(before, definition(name));
        assertEquals(List.of("1", "3"), rowsAs(ALICE, "SELECT id FROM public_governed." + name + " ORDER BY id"));

        // a mask of a misspelt column would leave the real one unmasked: refused too
        GovernanceApplied mask = awaitOutcome(send(view(id, name, List.of(new PolicyRule.Mask(List.of("emial"), MaskMethod.NULL,
                null, List.of())), true, 3)));
        assertEquals(GovernanceApplied.FAILED, mask.outcome());
        assertTrue(mask.message().contains("emial") && mask.message().contains("id, region, email"), mask.message());
        assertEquals(before, definition(name));
    }

    @Test
    void aChangeWhoseDeadlinePassedFailsAndChangesNothing() throws Exception {
        long id = DATA_SOURCES.incrementAndGet();
        String name = "orders_" + id;
        GovernanceApplied late = awaitOutcome(send(view(id, name, BY_REGION, false, 1), Instant.now().minusSeconds(1)));
        assertEquals(GovernanceApplied.FAILED, late.outcome());
        assertTrue(late.message().contains("not applied before its deadline") && late.message().contains("the next check puts it in step"),
                late.message());
        assertEquals(List.of(), definition(name));
    }

    /**
     * While one change of a view is inside its transaction (held by the stand-in at its describe), a second change of
     * the same view waits for it, and a change of another view does not.
     */
    @Test
    void twoChangesOfOneViewNeverRunAtOnceWhileOtherViewsGoOn() throws Exception {
        StatementHolds holds = new StatementHolds(holdsDirectory);
        String hold = "lane-" + SUFFIX;
        long id = DATA_SOURCES.incrementAndGet();
        long other = DATA_SOURCES.incrementAndGet();
        GovernedTable lane = new GovernedTable(null, "public", "orders_lane", List.of(), "public_governed", "lane_" + id);
        GovernedTable otherLane = new GovernedTable(null, "public", "orders_lane", List.of(), "public_governed", "lane_" + other);
        holds.hold(hold, "FROM \"public\"\\.\"orders_lane\" AS t WHERE 1 = 0");
        Envelope first;
        Envelope second;
        Envelope beside;
        try {
            first = send(new GovernanceChange.View(id, lane, List.of(), false, false, 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> holds.heldCount(hold) >= 1);
            second = send(new GovernanceChange.View(id, lane, BY_REGION, false, true, 2));
            beside = send(new GovernanceChange.View(other, otherLane, List.of(), false, false, 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> holds.heldCount(hold) >= 2);
            Thread.sleep(3_000); // ample time for an unclaimed second change to reach the same statement
            assertEquals(2, holds.heldCount(hold), "the first change and the other view's; the second change waits");
        } finally {
            holds.release(hold);
        }
        for (Envelope work : List.of(first, second, beside)) {
            assertEquals(GovernanceApplied.APPLIED, awaitOutcome(work).outcome());
        }
        StepCompleted firstStep = eventsOf(first, MessageTypes.STEP_COMPLETED).get(0).payloadAs(StepCompleted.class);
        StepCompleted secondStep = eventsOf(second, MessageTypes.STEP_COMPLETED).get(0).payloadAs(StepCompleted.class);
        assertTrue(!secondStep.startedAt().isBefore(firstStep.finishedAt()), "the second began after the first ended");
        assertTrue(definition("lane_" + id).get(0).contains("user_attributes"), "the second change's filter is in place");
        assertEquals(Set.of("lane_" + id, "lane_" + other), Set.copyOf(catalog("SELECT viewname FROM pg_views WHERE viewname LIKE 'lane_%'"
                + " AND viewname IN ('lane_" + id + "', 'lane_" + other + "')")));
        assertNull(awaitOutcome(beside).message());
    }

    /**
     * Two views of one schema changed at once both grant on the schema; PostgreSQL refuses the second GRANT with
     * "tuple concurrently updated" once the first commits. That change is tried again in a new transaction.
     */
    @Test
    void aChangeThatMeetsAConcurrentGrantOnItsSchemaIsTriedAgain() throws Exception {
        StatementHolds holds = new StatementHolds(holdsDirectory);
        String hold = "grant-" + SUFFIX;
        long id = DATA_SOURCES.incrementAndGet();
        long other = DATA_SOURCES.incrementAndGet();
        String schema = "grants_" + SUFFIX;
        GovernedTable first = new GovernedTable(null, "public", "orders_lane", List.of(), schema, "first_" + id);
        GovernedTable second = new GovernedTable(null, "public", "orders_lane", List.of(), schema, "second_" + other);
        apply(new GovernanceChange.View(id, first, List.of(), false, false, 1)); // the schema exists from here on
        holds.hold(hold, "GRANT SELECT ON \"" + schema + "\"\\.\"first_" + id + "\"");
        Envelope firstChange;
        Envelope secondChange;
        try {
            // the first holds the schema's catalog row (its GRANT USAGE done, uncommitted) until it is let go
            firstChange = send(new GovernanceChange.View(id, first, BY_REGION, false, true, 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> holds.heldCount(hold) >= 1);
            secondChange = send(new GovernanceChange.View(other, second, List.of(), false, false, 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> !catalog("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'GRANT USAGE ON SCHEMA \"" + schema + "\"%'").isEmpty());
        } finally {
            holds.release(hold);
        }
        assertEquals(GovernanceApplied.APPLIED, awaitOutcome(firstChange).outcome());
        GovernanceApplied tried = awaitOutcome(secondChange);
        assertEquals(GovernanceApplied.APPLIED, tried.outcome(), tried.message());
        assertEquals(List.of("first_" + id, "second_" + other), catalog("SELECT viewname FROM pg_views WHERE schemaname = '"
                + schema + "' ORDER BY 1"));
        assertTrue(definition(schema, "first_" + id).get(0).contains("user_attributes"), "the first change's filter is in place");
    }
}
