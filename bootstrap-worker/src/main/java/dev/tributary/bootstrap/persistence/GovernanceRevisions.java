package dev.tributary.bootstrap.persistence;

import dev.tributary.support.persistence.DatabaseFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The revision ledger of governed objects, so that a change which arrives after a newer one of the same object
 * (a retry, a slow partition, a repair sent before an edit) changes nothing. Read and written under the object's
 * lane claim, so no other change of it runs between the read and the write.
 *
 * <p>A write never lowers a revision ({@code GREATEST} in an upsert, native since JPQL has no upsert): should two
 * writers ever overlap, the higher one stays.
 */
@ApplicationScoped
@Transactional
@DatabaseFailures
public class GovernanceRevisions {
    /** The recorded revision of each of {@code objectKeys} that has one. */
    public Map<String, Long> recorded(String integrationId, Collection<String> objectKeys) {
        if (objectKeys.isEmpty()) {
            return Map.of();
        }
        return GovernanceRevision.<GovernanceRevision>list("integrationId = ?1 and objectKey in ?2", integrationId, objectKeys)
                .stream().collect(Collectors.toMap(row -> row.objectKey, row -> row.revision));
    }

    /** Records that {@code revisions} (by object key) are applied, unless a higher one is recorded already. */
    public void record(String integrationId, Map<String, Long> revisions, Instant appliedAt) {
        revisions.forEach((objectKey, revision) -> GovernanceRevision.getSession().createNativeMutationQuery(
                        "INSERT INTO governance_revision (integration_id, object_key, revision, applied_at) VALUES (?1, ?2, ?3, ?4)"
                                + " ON CONFLICT (integration_id, object_key) DO UPDATE"
                                + " SET revision = GREATEST(governance_revision.revision, EXCLUDED.revision), applied_at = EXCLUDED.applied_at")
                .setParameter(1, integrationId, String.class)
                .setParameter(2, objectKey, String.class)
                .setParameter(3, revision, Long.class)
                .setParameter(4, appliedAt, Instant.class)
                .executeUpdate());
    }
}
