package dev.tributary.gateway.persistence;

import dev.tributary.contracts.governance.PolicyRule;
import dev.tributary.support.persistence.DatabaseFailures;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Policies and the data sources they apply to. Callers hold the transaction. The links ({@code policy_data_source})
 * have no entity: they are only ever replaced as a whole, in one delete and one insert.
 */
@ApplicationScoped
@DatabaseFailures
@ActivateRequestContext // the event consumer and the checks read outside a request
public class PolicyRepository implements PanacheRepositoryBase<Policy, Long> {

    public long insert(String name, List<PolicyRule> rules) {
        Policy policy = new Policy();
        policy.name = name;
        policy.rules = List.copyOf(rules);
        policy.revision = 1;
        policy.updatedAt = Instant.now();
        persistAndFlush(policy);
        return policy.id;
    }

    /**
     * Locks the policy's row for a change; returns the data sources it applies to now (to be re-governed with the
     * new ones), or empty when there is no such policy. Taken before the data sources' locks, always in that order.
     */
    public Optional<List<Long>> lock(long id) {
        Policy policy = findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (policy == null) {
            return Optional.empty();
        }
        getEntityManager().refresh(policy);
        return Optional.of(dataSourcesOf(id));
    }

    /** Replaces the name and rules of a policy locked by {@link #lock}, raising its revision. */
    public void replace(long id, String name, List<PolicyRule> rules) {
        Policy policy = findById(id);
        policy.name = name;
        policy.rules = List.copyOf(rules);
        policy.revision++;
        policy.updatedAt = Instant.now();
        flush();
    }

    /** Removes a policy locked by {@link #lock}, and its links (ON DELETE CASCADE). */
    public void remove(long id) {
        delete(findById(id));
        flush();
    }

    /** Makes {@code dataSources}, in this order, the data sources the policy applies to. */
    public void link(long policyId, List<Long> dataSources) {
        getEntityManager().createNativeQuery("DELETE FROM policy_data_source WHERE policy_id = ?1")
                .setParameter(1, policyId).executeUpdate();
        for (int position = 0; position < dataSources.size(); position++) {
            getEntityManager().createNativeQuery("INSERT INTO policy_data_source (policy_id, data_source_id, position)"
                            + " VALUES (?1, ?2, ?3)")
                    .setParameter(1, policyId).setParameter(2, dataSources.get(position)).setParameter(3, position)
                    .executeUpdate();
        }
    }

    /** Takes a data source out of every policy (it is being deleted). */
    public void unlink(long dataSourceId) {
        getEntityManager().createNativeQuery("DELETE FROM policy_data_source WHERE data_source_id = ?1")
                .setParameter(1, dataSourceId).executeUpdate();
    }

    public Optional<PolicyRecord> find(long id) {
        return Optional.ofNullable(findById(id)).map(policy -> record(policy, dataSourcesOf(id)));
    }

    public List<PolicyRecord> list() {
        return findAll(Sort.by("id")).list().stream().map(policy -> record(policy, dataSourcesOf(policy.id))).toList();
    }

    /** The policies on a data source, in the order their rules combine (by policy id). */
    public List<PolicyRecord> onDataSource(long dataSourceId) {
        List<?> ids = getEntityManager().createNativeQuery("SELECT policy_id FROM policy_data_source WHERE data_source_id = ?1")
                .setParameter(1, dataSourceId).getResultList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return find("id in ?1", Sort.by("id"), ids.stream().map(id -> ((Number) id).longValue()).toList())
                .list().stream().map(policy -> record(policy, List.of())).toList();
    }

    /** The policies on each of the data sources of an integration, keyed by data source id. */
    public Map<Long, List<PolicyRecord>> onDataSources(List<Long> dataSourceIds) {
        Map<Long, List<PolicyRecord>> policies = new LinkedHashMap<>();
        dataSourceIds.forEach(id -> policies.put(id, onDataSource(id)));
        return policies;
    }

    private List<Long> dataSourcesOf(long policyId) {
        List<?> ids = getEntityManager().createNativeQuery("SELECT data_source_id FROM policy_data_source WHERE policy_id = ?1"
                + " ORDER BY position").setParameter(1, policyId).getResultList();
        return new ArrayList<>(ids.stream().map(id -> ((Number) id).longValue()).toList());
    }

    private static PolicyRecord record(Policy policy, List<Long> dataSources) {
        return new PolicyRecord(policy.id, policy.name, List.copyOf(policy.rules), List.copyOf(dataSources));
    }
}
