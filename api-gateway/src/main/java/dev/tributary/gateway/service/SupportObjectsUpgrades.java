package dev.tributary.gateway.service;

import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SupportObjectsMigrations;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * Migrates, as often as the periodic checks run, every enabled automatic integration whose support objects are
 * older than this system's, as its system account. Migrations that only the objects' owner may run (replacing
 * procedures) wait for {@code POST /integrations/{id}/migrate} with the privileged credentials. Each one is an
 * operation started by a conditional update, so of two gateway instances only one starts it.
 */
@ApplicationScoped
public class SupportObjectsUpgrades {
    private static final Logger LOG = Logger.getLogger(SupportObjectsUpgrades.class);

    @Inject
    IntegrationRepository integrations;
    @Inject
    IntegrationService service;

    @Scheduled(every = "${tributary.revalidation-interval:1h}", delayed = "${tributary.revalidation-interval:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void migrateBehind() {
        for (IntegrationRecord record : integrations.findForMigration(ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION)) {
            if (SupportObjectsMigrations.needsOwner(record.spec().redshift(), record.supportObjectsVersion())) {
                continue;
            }
            try {
                service.migrate(record.idText(), Optional.empty());
                LOG.infof("integration %d: migrating support objects from version %d to %d", record.id(),
                        record.supportObjectsVersion(), ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION);
            } catch (IntegrationConflictException e) {
                // another operation (or another gateway instance's migration) came first; the next round looks again
                LOG.debugf("integration %d: not migrated now: %s", record.id(), e.getMessage());
            }
        }
    }
}
