package dev.tributary.gateway.api;

import java.util.List;
import java.util.Map;

/**
 * What {@code POST /admin/reseal} did, and which keys the stored values still need afterwards.
 *
 * @param resealed           stored values sealed anew with the primary key by this call
 * @param unopenable         integrations whose stored value opened with no key of the ring (left as they are)
 * @param storedByKey        the registry's sealed values per key id, after the re-seal
 * @param outboxByKey        sealed values in messages not yet relayed, per key id
 * @param v1Values           values of the v1 format (no key id) still in the registry or the outbox
 * @param operationsInFlight operations whose command may still carry a value sealed with an older key
 * @param retirable          keys no value needs any more: they can be removed from the ring
 */
public record ResealReport(String primaryKeyId, List<String> keyIds, int resealed, List<Long> unopenable,
                           Map<String, Long> storedByKey, Map<String, Long> outboxByKey, long v1Values,
                           long operationsInFlight, List<String> retirable) {
}
