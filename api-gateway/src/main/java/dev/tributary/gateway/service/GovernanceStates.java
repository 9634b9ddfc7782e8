package dev.tributary.gateway.service;

import dev.tributary.contracts.governance.GovernanceState;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.gateway.persistence.DataSourceRecord;
import dev.tributary.gateway.persistence.DataSourceStatus;
import dev.tributary.gateway.persistence.IntegrationRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What an integration's target should hold of governed data, for a check to compare with what it holds: every user
 * (deleted ones as removals), every live data source's view, and which data sources are not settled yet.
 */
@ApplicationScoped
public class GovernanceStates {
    @Inject
    GovernedUsers users;
    @Inject
    DataSources dataSources;

    /** Null for an integration that governs nothing: zero-ETL, or support objects older than the entitlement tables. */
    public GovernanceState of(IntegrationRecord integration) {
        if (integration.spec().type() != IntegrationType.REDSHIFT
                || integration.supportObjectsVersion() < ManagedDatabaseSetup.GOVERNANCE_SINCE_VERSION) {
            return null; // nothing governed can be there yet
        }
        return new GovernanceState(users.allProfiles(), dataSources.views(integration.id()),
                dataSources.live(integration.id()).stream().filter(GovernanceStates::unsettled).map(DataSourceRecord::id).toList(),
                integration.databaseMode());
    }

    /**
     * Not final yet, or active with a message still standing (a manual integration's policy change waiting for its
     * script): a check that finds the view in step settles it and clears the message.
     */
    private static boolean unsettled(DataSourceRecord dataSource) {
        return DataSourceStatus.UNSETTLED.contains(dataSource.status()) || dataSource.message() != null;
    }
}
