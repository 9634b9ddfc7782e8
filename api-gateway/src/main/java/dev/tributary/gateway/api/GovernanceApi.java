package dev.tributary.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.payload.GovernanceRequestParser;
import dev.tributary.gateway.persistence.DataSourceRecord;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.service.DataSources;
import dev.tributary.gateway.service.GovernedUsers;
import dev.tributary.gateway.service.IntegrationService;
import dev.tributary.gateway.service.Policies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The governance operations (data sources, users, policies): bodies checked by {@link GovernanceRequestParser},
 * answers as the API shows them. Changes are accepted at once; their effect in the targets follows through the workers.
 */
@ApplicationScoped
public class GovernanceApi {
    @Inject
    DataSources dataSources;
    @Inject
    Policies policies;
    @Inject
    GovernedUsers users;
    @Inject
    IntegrationService integrations;

    public ApiAnswer createDataSource(String integrationId, JsonNode body) {
        return new ApiAnswer(201, view(dataSources.create(integrationId, GovernanceRequestParser.dataSource(body))));
    }

    public ApiAnswer dataSources(String integrationId) {
        IntegrationRecord integration = integrations.get(integrationId);
        return new ApiAnswer(200, dataSources.list(integrationId).stream().map(dataSource -> view(dataSource, integration)).toList());
    }

    public ApiAnswer dataSource(String id) {
        return new ApiAnswer(200, view(dataSources.get(id)));
    }

    /** 202: the view is being dropped; the data source is deleted once it is gone. */
    public ApiAnswer deleteDataSource(String id) {
        return new ApiAnswer(202, view(dataSources.delete(id)));
    }

    /** 201 for a new user (or one deleted before), 200 for a replaced one. */
    public ApiAnswer putUser(String userName, JsonNode body) {
        String name = GovernanceRequestParser.userName(userName);
        boolean created = users.put(name, GovernanceRequestParser.user(body));
        return new ApiAnswer(created ? 201 : 200, UserView.of(users.get(name)));
    }

    public ApiAnswer users() {
        return new ApiAnswer(200, users.list().stream().map(UserView::of).toList());
    }

    public ApiAnswer user(String userName) {
        return new ApiAnswer(200, UserView.of(users.get(userName)));
    }

    public void deleteUser(String userName) {
        users.delete(userName);
    }

    public ApiAnswer createPolicy(JsonNode body) {
        return new ApiAnswer(201, PolicyView.of(policies.create(GovernanceRequestParser.policy(body))));
    }

    public ApiAnswer replacePolicy(String id, JsonNode body) {
        return new ApiAnswer(200, PolicyView.of(policies.replace(id, GovernanceRequestParser.policy(body))));
    }

    public ApiAnswer policies() {
        return new ApiAnswer(200, policies.list().stream().map(PolicyView::of).toList());
    }

    public ApiAnswer policy(String id) {
        return new ApiAnswer(200, PolicyView.of(policies.get(id)));
    }

    public void deletePolicy(String id) {
        policies.delete(id);
    }

    private DataSourceView view(DataSourceRecord dataSource) {
        return view(dataSource, integrations.getAfterDelete(dataSource.integrationId()));
    }

    private DataSourceView view(DataSourceRecord dataSource, IntegrationRecord integration) {
        return DataSourceView.of(dataSource, integration.spec().redshift().database(), dataSources.policiesOn(dataSource));
    }
}
