package dev.tributary.support.security;

import dev.tributary.contracts.access.ApiKeyCredentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The permissions of API keys, looked up by key hash in a service's own store and kept for a short while, so a
 * busy endpoint does not read the key table on every request. Only known keys are kept: random guesses must not
 * fill memory. A revocation calls {@link #forget} so the key stops working at once on this instance.
 */
public final class KeyPermissionCache {
    private record Entry(Set<String> permissions, Instant expires) {
    }

    private final Function<String, Optional<Set<String>>> lookupByHash;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Counts revocations, so a lookup that raced one does not put the revoked key back. */
    private final AtomicLong revocations = new AtomicLong();

    public KeyPermissionCache(Function<String, Optional<Set<String>>> lookupByHash, Duration timeToLive, Clock clock) {
        this.lookupByHash = lookupByHash;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    /** The permissions of {@code key}, or empty if it is not a known key. */
    public Optional<Set<String>> permissionsOf(String key) {
        String keyHash = ApiKeyCredentials.hash(key);
        Entry entry = entries.get(keyHash);
        if (entry != null && entry.expires().isAfter(clock.instant())) {
            return Optional.of(entry.permissions());
        }
        long revocationsBefore = revocations.get();
        Optional<Set<String>> permissions = lookupByHash.apply(keyHash);
        if (permissions.isEmpty()) {
            entries.remove(keyHash);
        } else if (revocations.get() == revocationsBefore) {
            entries.put(keyHash, new Entry(permissions.get(), clock.instant().plus(timeToLive)));
            if (revocations.get() != revocationsBefore) {
                entries.remove(keyHash); // a revocation landed while this entry went in; look again next time
            }
        }
        return permissions;
    }

    public void forget(String keyHash) {
        revocations.incrementAndGet();
        entries.remove(keyHash);
    }
}
