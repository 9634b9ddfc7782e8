package dev.tributary.gateway.service;

import dev.tributary.contracts.governance.GovernanceState;
import dev.tributary.contracts.payload.IntegrationType;
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

    /** Null for an integration that governs nothing by its kind (zero-ETL). */
    public GovernanceState of(IntegrationRecord integration) {
        if (integration.spec().type() != IntegrationType.REDSHIFT) {
            return null;
        }
        return new GovernanceState(users.allProfiles(), dataSources.views(integration.id()),
                dataSources.live(integration.id()).stream().filter(dataSource -> DataSourceStatus.UNSETTLED.contains(dataSource.status()))
                        .map(DataSourceRecord::id).toList());
    }
}
