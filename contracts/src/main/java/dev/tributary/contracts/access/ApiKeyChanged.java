package dev.tributary.contracts.access;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.messaging.MalformedMessageException;

import java.time.Instant;
import java.util.Set;

/**
 * A key was granted or revoked, on {@link dev.tributary.contracts.Topics#API_KEYS} with the key hash as the
 * record key. The topic is compacted, so it always holds the latest change of every key, and a service that reads
 * it from the beginning knows every key. Only the gateway writes it.
 *
 * @param keyHash     {@link ApiKeyCredentials#hash} of the key; the key itself never leaves the gateway's answer
 * @param name        the key's name; null on a revocation
 * @param permissions empty when revoked
 */
public record ApiKeyChanged(String keyHash, String name, Set<String> permissions, boolean revoked, Instant occurredAt) {
    /** The record type, in the {@code message-type} header. */
    public static final String TYPE = "ApiKeyChanged";

    public static ApiKeyChanged granted(String keyHash, String name, Set<String> permissions) {
        return new ApiKeyChanged(keyHash, name, Set.copyOf(permissions), false, Instant.now());
    }

    /** Reads a record's value; a value that is not a complete change is malformed (and dead-lettered). */
    public static ApiKeyChanged decode(String value) {
        ApiKeyChanged change;
        try {
            change = value == null ? null : Json.MAPPER.readValue(value, ApiKeyChanged.class);
        } catch (Exception e) {
            throw new MalformedMessageException("not an " + TYPE + " record: " + e.getMessage());
        }
        if (change == null || change.keyHash() == null || change.permissions() == null || change.occurredAt() == null) {
            throw new MalformedMessageException("an " + TYPE + " record needs keyHash, permissions and occurredAt");
        }
        return change;
    }

    public static ApiKeyChanged revoked(String keyHash) {
        return new ApiKeyChanged(keyHash, null, Set.of(), true, Instant.now());
    }
}
