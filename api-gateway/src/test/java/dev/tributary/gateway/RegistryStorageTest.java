package dev.tributary.gateway;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.gateway.persistence.ApiKeyRepository;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.gateway.persistence.OutboxRepository;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.support.persistence.DatabaseException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.spi.QueryInterpretationCache;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's storage through Hibernate: what it writes, what a transaction reads back after its own updates, how it fails. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway"))
class RegistryStorageTest {
    @Inject
    IntegrationRepository integrations;

    @Inject
    OutboxRepository outbox;

    @Inject
    ApiKeyRepository apiKeys;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManagerFactory entityManagerFactory;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private static IntegrationSpec spec(String host) {
        return Json.convert(Json.read("""
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s", "port": 5439, "database": "immuta",
                 "initialDatabase": "dev", "authenticationType": "userPassword"}}""".formatted(host)), IntegrationSpec.class);
    }

    private long insert(IntegrationSpec spec) {
        return QuarkusTransaction.requiringNew().call(() -> integrations.insertIfTargetFree(spec, null, Operation.CREATE,
                UUID.randomUUID(), Instant.now().plus(10, ChronoUnit.MINUTES), 2, null).orElseThrow());
    }

    /** True if the row's column holds the same JSON value as {@code json}. */
    private boolean stored(long id, String column, String json) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT " + column + " = ?::jsonb FROM integration WHERE id = ?")) {
            query.setString(1, json);
            query.setLong(2, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        }
    }

    /**
     * Hibernate keeps a bounded cache of query plans, keyed by the statement. A statement whose key never matches its
     * earlier runs adds an entry on every run; with thousands of creates the cache fills with entries of one hash,
     * and every later look-up walks them all (which made creates several times slower).
     */
    @Test
    void repeatedCreatesRelaysAndRevocationsDoNotGrowHibernatesQueryPlanCache() {
        QueryInterpretationCache plans = entityManagerFactory.unwrap(SessionFactoryImplementor.class).getQueryEngine()
                .getInterpretationCache();
        Runnable statements = () -> {
            insert(spec("plans-" + UUID.randomUUID() + ".example.com"));
            QuarkusTransaction.requiringNew().run(outbox::tryLockRelay);
            QuarkusTransaction.requiringNew().run(() -> apiKeys.delete(-1));
        };
        statements.run();
        int before = plans.getNumberOfCachedQueryPlans();
        for (int i = 0; i < 20; i++) {
            statements.run();
        }
        assertEquals(before, plans.getNumberOfCachedQueryPlans());
    }

    @Test
    void documentsAreStoredAsJsonWritesThem() throws Exception {
        IntegrationSpec spec = spec("storage-json.example.com");
        IntegrationSpec edited = spec("storage-json-edited.example.com");
        ValidationResults results = ValidationResults.of(List.of(ValidationTest.passed("connection", List.of("ok")),
                ValidationTest.failed("privileges", "missing CREATE on database dev")));
        long id = insert(spec);
        QuarkusTransaction.requiringNew().run(() -> {
            integrations.recordValidation(id, integrations.findIncludingDeleted(id).orElseThrow().operationId(),
                    ValidationResults.of(List.of(ValidationTest.passed("connection", List.of("ok")))), IntegrationStatus.CREATE_ERROR,
                    DatabaseMode.SINGLE_DATABASE);
            integrations.finishOperation(id, integrations.findIncludingDeleted(id).orElseThrow().operationId(),
                    IntegrationStatus.ENABLED, null, true);
            integrations.startOperation(id, Operation.EDIT, UUID.randomUUID(), Instant.now().plusSeconds(60), edited,
                    List.of(IntegrationStatus.ENABLED));
        });
        assertTrue(stored(id, "pending_spec", Json.write(edited)), "pending spec");
        QuarkusTransaction.requiringNew().run(() -> {
            // an edit's validation cannot change the mode the create's decided
            integrations.recordValidation(id, integrations.findIncludingDeleted(id).orElseThrow().operationId(), results,
                    IntegrationStatus.EDIT_ERROR, DatabaseMode.MULTI_DATABASE);
        });

        assertTrue(stored(id, "spec", Json.write(spec)), "spec");
        assertEquals(DatabaseMode.SINGLE_DATABASE, integrations.findIncludingDeleted(id).orElseThrow().databaseMode(), "decided once");
        assertTrue(stored(id, "validation_results", Json.write(results)), "validation results");
        IntegrationRecord record = integrations.findIncludingDeleted(id).orElseThrow();
        assertEquals(spec, record.spec());
        assertEquals(results, record.validationResults());
        assertEquals(IntegrationStatus.EDIT_ERROR, record.status());
    }

    @Test
    void aTransactionReadsWhatItsOwnConditionalUpdatesChanged() {
        long id = insert(spec("storage-stale.example.com"));
        IntegrationRecord[] seen = QuarkusTransaction.requiringNew().call(() -> {
            IntegrationRecord before = integrations.findIncludingDeleted(id).orElseThrow();
            integrations.finishOperation(id, before.operationId(), IntegrationStatus.ENABLED, null, true);
            return new IntegrationRecord[] {before, integrations.findIncludingDeleted(id).orElseThrow()};
        });
        assertEquals(IntegrationStatus.CREATING, seen[0].status());
        assertEquals(Operation.CREATE, seen[0].operation());
        assertEquals(IntegrationStatus.ENABLED, seen[1].status());
        assertEquals(null, seen[1].operation());
    }

    @Test
    void theOutboxBacklogCanBeReadOutsideATransactionAndARequest() {
        QuarkusTransaction.requiringNew().run(() -> outbox.append("test.backlog", "1", UUID.randomUUID(), "Test", "{}"));
        // the metrics gauge reads it on a thread of its own
        assertDoesNotThrow(() -> CompletableFuture.supplyAsync(outbox::backlog).join(), "a count, not a failure");
    }

    @Test
    void whileTheDatabaseRefusesConnectionsTheRepositoriesFailWithDatabaseException() throws Exception {
        String database;
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT current_database()")) {
            rows.next();
            database = rows.getString(1);
        }
        refuseConnections(database, true);
        try {
            assertThrows(DatabaseException.class, () -> integrations.findIncludingDeleted(1));
            assertThrows(DatabaseException.class, () -> outbox.backlog());
        } finally {
            refuseConnections(database, false);
            dataSource.flush(AgroalDataSource.FlushMode.ALL); // the pool's connections were ended with the outage
        }
        // the pool drops the ended connections in the background; the repositories recover without a restart
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                return outbox.backlog() >= 0;
            } catch (DatabaseException stillEnded) {
                return false;
            }
        });
    }

    /** As a stopped or failed-over server would: new connections refused, open ones ended. */
    private void refuseConnections(String database, boolean refused) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl.replace("/" + database, "/postgres"), user,
                password.orElse(""));
             Statement sql = connection.createStatement()) {
            sql.execute("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS " + !refused);
            if (refused) {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            }
        }
    }
}
