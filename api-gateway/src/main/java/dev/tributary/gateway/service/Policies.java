package dev.tributary.gateway.service;

import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.GovernanceRequestParser.PolicyRequest;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.gateway.messaging.OutboxRelay;
import dev.tributary.gateway.persistence.DataSourceRecord;
import dev.tributary.gateway.persistence.PolicyRecord;
import dev.tributary.gateway.persistence.PolicyRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Policies: rules on data sources. A change re-governs every data source the policy applied to before or applies to
 * now, each with the combined rules of all its policies, in the change's transaction. Locks are taken in one order:
 * the policy's row, then the data sources' rows by id.
 */
@ApplicationScoped
public class Policies {
    @Inject
    PolicyRepository policies;
    @Inject
    DataSources dataSources;
    @Inject
    OutboxRelay relay;

    public PolicyRecord create(PolicyRequest request) {
        List<Long> named = dataSourceIds(request);
        PolicyRecord created = QuarkusTransaction.requiringNew().call(() -> {
            List<DataSourceRecord> changed = lockNamed(named, List.of());
            long id = policies.insert(request.name(), request.rules());
            policies.link(id, named);
            dataSources.queueViews(changed);
            return policies.find(id).orElseThrow();
        });
        relay.wakeUp();
        return created;
    }

    /** Replaces a policy's name, data sources and rules. */
    public PolicyRecord replace(String id, PolicyRequest request) {
        long policyId = parse(id);
        List<Long> named = dataSourceIds(request);
        PolicyRecord replaced = QuarkusTransaction.requiringNew().call(() -> {
            List<Long> before = policies.lock(policyId).orElseThrow(() -> notFound(id));
            List<DataSourceRecord> changed = lockNamed(named, before);
            policies.replace(policyId, request.name(), request.rules());
            policies.link(policyId, named);
            dataSources.queueViews(changed);
            return policies.find(policyId).orElseThrow();
        });
        relay.wakeUp();
        return replaced;
    }

    public void delete(String id) {
        long policyId = parse(id);
        QuarkusTransaction.requiringNew().run(() -> {
            List<Long> before = policies.lock(policyId).orElseThrow(() -> notFound(id));
            List<DataSourceRecord> changed = dataSources.reapplyPolicies(before);
            policies.remove(policyId);
            dataSources.queueViews(changed);
        });
        relay.wakeUp();
    }

    public PolicyRecord get(String id) {
        return policies.find(parse(id)).orElseThrow(() -> notFound(id));
    }

    public List<PolicyRecord> list() {
        return policies.list();
    }

    /**
     * Locks and re-revises the data sources named now and before, then checks that every one named now may take a
     * policy: checked under the lock, so none is deleted between the check and the change.
     */
    private List<DataSourceRecord> lockNamed(List<Long> named, List<Long> before) {
        Set<Long> all = new LinkedHashSet<>(named);
        all.addAll(before);
        List<DataSourceRecord> locked = dataSources.reapplyPolicies(all);
        Set<Long> usable = locked.stream().map(DataSourceRecord::id).collect(Collectors.toSet());
        List<FieldError> errors = new ArrayList<>();
        for (int index = 0; index < named.size(); index++) {
            if (!usable.contains(named.get(index))) {
                errors.add(new FieldError("dataSources[" + index + "]", "unknown", "no data source with ID " + named.get(index)
                        + " (or it is deleted or being deleted)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return locked;
    }

    /** The ids the request names, each once. */
    private static List<Long> dataSourceIds(PolicyRequest request) {
        List<Long> ids = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int index = 0; index < request.dataSources().size(); index++) {
            // the parser checked the pattern; an id too large for any row is unknown like any other
            long id = DataSources.parseId(request.dataSources().get(index)).orElse(-1L);
            if (id >= 0 && ids.contains(id)) {
                errors.add(new FieldError("dataSources[" + index + "]", "unique", "names data source " + id + " a second time"));
            }
            ids.add(id);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return ids;
    }

    private static long parse(String id) {
        return DataSources.parseId(id).orElseThrow(() -> notFound(id));
    }

    private static GovernanceNotFoundException notFound(String id) {
        return new GovernanceNotFoundException("No policy found with ID " + id + ".");
    }
}
