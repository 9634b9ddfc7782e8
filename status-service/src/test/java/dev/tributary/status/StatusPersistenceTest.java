package dev.tributary.status;

import dev.tributary.contracts.access.ApiKeyChanged;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.status.persistence.ApiKey;
import dev.tributary.status.persistence.ApiKeyRepository;
import dev.tributary.status.persistence.StatusViewRepository;
import dev.tributary.status.persistence.StatusViewRepository.TimelineEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Id;
import jakarta.persistence.metamodel.Type;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service's own entities, and the view's SQL running in the same transaction as they do. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class StatusPersistenceTest {

    /** An entity outside the service's persistence package, as the shared module's are: it has no table here. */
    @Entity
    static class EntityOfAnotherModule {
        @Id
        Long id;
    }

    @Inject
    EntityManager entityManager;
    @Inject
    DataSource dataSource;
    @Inject
    ApiKeyRepository keys;
    @Inject
    StatusViewRepository view;

    @Test
    void hibernateMapsOnlyTheServicesOwnEntities() {
        Set<Class<?>> mapped = entityManager.getMetamodel().getEntities().stream().map(Type::getJavaType)
                .collect(Collectors.toSet());
        assertEquals(Set.of(ApiKey.class), mapped);
    }

    @Test
    void theViewsSqlAndTheEntitiesShareTheTransactionsConnection() {
        QuarkusTransaction.requiringNew().run(() -> {
            Object hibernateBackend = entityManager.createNativeQuery("SELECT pg_backend_pid()").getSingleResult();
            assertEquals(((Number) hibernateBackend).intValue(), backendOfDataSource());
        });
    }

    @Test
    void aRolledBackTransactionUndoesTheViewsSqlAndTheEntitiesAlike() {
        String keyHash = "rolled-back-" + UUID.randomUUID();
        TimelineEntry entry = new TimelineEntry(UUID.randomUUID(), "rolled-back", UUID.randomUUID(), null,
                "SystemAccountProvisioned", null, null, null, null, null, Instant.now());
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            keys.apply(new ApiKeyChanged(keyHash, "test", Set.of(Permissions.INTEGRATION_READ), false, Instant.now()));
            view.appendTimeline(List.of(entry));
            throw new IllegalStateException("roll back");
        }));
        assertEquals(Optional.empty(), keys.permissions(keyHash));
        assertTrue(view.appendTimeline(List.of(entry))[0], "the timeline row was rolled back, so it is new again");
    }

    @Test
    void anOlderKeyChangeArrivingLateDoesNotUndoANewerOne() {
        String keyHash = "late-" + UUID.randomUUID();
        Instant granted = Instant.parse("2026-11-30T09:00:00Z");
        keys.apply(new ApiKeyChanged(keyHash, "dashboard", Set.of(Permissions.INTEGRATION_READ), false, granted));
        keys.apply(new ApiKeyChanged(keyHash, null, Set.of(Permissions.INTEGRATION_READ), true, granted.plusSeconds(60)));
        keys.apply(new ApiKeyChanged(keyHash, "dashboard", Set.of(Permissions.INTEGRATION_READ), false, granted));
        assertEquals(Optional.empty(), keys.permissions(keyHash));
        ApiKey stored = QuarkusTransaction.requiringNew().call(() -> keys.findById(keyHash));
        assertEquals("dashboard", stored.name, "a change without a name keeps the stored one");
    }

    @Test
    void aRevokedKeyStaysRevokedWhenALaterGrantOfItArrives() {
        String keyHash = "revoked-" + UUID.randomUUID();
        Instant granted = Instant.parse("2026-11-30T09:00:00Z");
        keys.apply(new ApiKeyChanged(keyHash, "dashboard", Set.of(Permissions.INTEGRATION_READ), false, granted));
        keys.apply(new ApiKeyChanged(keyHash, null, Set.of(), true, granted.plusSeconds(60)));
        // a gateway starting up read its keys before the revocation committed, and republishes them afterwards
        keys.apply(new ApiKeyChanged(keyHash, "dashboard", Set.of(Permissions.INTEGRATION_READ), false, granted.plusSeconds(120)));
        assertEquals(Optional.empty(), keys.permissions(keyHash));
    }

    private int backendOfDataSource() {
        try (Connection connection = dataSource.getConnection(); Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            return rows.getInt(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
