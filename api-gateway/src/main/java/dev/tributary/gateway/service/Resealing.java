package dev.tributary.gateway.service;

import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.gateway.api.ResealReport;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.gateway.persistence.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Moves what the gateway keeps sealed onto the primary key, so that older keys can leave the ring: the system-account
 * passwords in the registry, the only sealed values that outlive an operation here. (Commands carry sealed values too,
 * but only until their operation ends; the outbox holds them only until they are relayed.) Each value is re-sealed for
 * the same purpose and written back only if the row still holds what was read, so a new system account recorded
 * meanwhile is never overwritten; running it again, on any instance, is harmless.
 */
@ApplicationScoped
public class Resealing {
    private static final Logger LOG = Logger.getLogger(Resealing.class);

    @Inject
    IntegrationRepository integrations;
    @Inject
    OutboxRepository outbox;
    @Inject
    SecretSealer sealer;

    public ResealReport resealStoredValues() {
        int resealed = 0;
        List<Long> unopenable = new ArrayList<>();
        for (IntegrationRecord record : integrations.findWithSealedSystemPassword()) {
            String stored = record.sealedSystemPassword();
            try {
                String moved = sealer.reseal(stored, SealingContext.systemAccountPassword(record.idText(), record.spec()));
                if (!moved.equals(stored) && QuarkusTransaction.requiringNew().call(
                        () -> integrations.replaceSealedSystemPassword(record.id(), stored, moved))) {
                    resealed++;
                }
            } catch (SecretSealer.SealingException e) {
                LOG.warnf("integration %s: its system account's password cannot be re-sealed: %s", record.idText(), e.getMessage());
                unopenable.add(record.id());
            }
        }
        LOG.infof("re-sealed %d stored value(s) with key %s", resealed, sealer.primaryKeyId());

        Map<String, Long> storedByKey = new TreeMap<>();
        Map<String, Long> outboxByKey = new TreeMap<>();
        long v1Values = count(integrations.sealedSystemPasswords().stream().map(SecretSealer::keyIdOf).toList(), storedByKey)
                + count(outbox.payloadsWithSealedValues().stream().flatMap(payload -> SecretSealer.keyIdsWithin(payload).stream())
                .toList(), outboxByKey);
        long inFlight = integrations.operationsInFlight();
        // a v1 value names no key, and a command in flight may carry any: either keeps every key in use
        List<String> retirable = v1Values > 0 || inFlight > 0 ? List.of() : sealer.keyIds().stream()
                .filter(id -> !id.equals(sealer.primaryKeyId()) && !storedByKey.containsKey(id) && !outboxByKey.containsKey(id))
                .toList();
        return new ResealReport(sealer.primaryKeyId(), sealer.keyIds(), resealed, unopenable, storedByKey, outboxByKey,
                v1Values, inFlight, retirable);
    }

    /** Adds the named keys to {@code byKey}; returns how many named none (v1 values). */
    private static long count(List<Optional<String>> keyIds, Map<String, Long> byKey) {
        keyIds.forEach(id -> id.ifPresent(named -> byKey.merge(named, 1L, Long::sum)));
        return keyIds.stream().filter(Optional::isEmpty).count();
    }
}
