package dev.tributary.support.security;

import dev.tributary.contracts.access.ApiKeyCredentials;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeyPermissionCacheTest {
    private static final Set<String> READ = Set.of("INTEGRATION_READ");

    @Test
    void aKnownKeyIsLookedUpOnceWhileCachedAndAgainAfterItIsForgotten() {
        AtomicInteger lookups = new AtomicInteger();
        KeyPermissionCache cache = new KeyPermissionCache(hash -> {
            lookups.incrementAndGet();
            return Optional.of(READ);
        }, Duration.ofMinutes(1), Clock.systemUTC());

        assertEquals(Optional.of(READ), cache.permissionsOf("k"));
        assertEquals(Optional.of(READ), cache.permissionsOf("k"));
        assertEquals(1, lookups.get());
        cache.forget(ApiKeyCredentials.hash("k"));
        cache.permissionsOf("k");
        assertEquals(2, lookups.get());
    }

    @Test
    void unknownKeysAreNeverCached() {
        AtomicInteger lookups = new AtomicInteger();
        KeyPermissionCache cache = new KeyPermissionCache(hash -> {
            lookups.incrementAndGet();
            return Optional.empty();
        }, Duration.ofMinutes(1), Clock.systemUTC());
        cache.permissionsOf("guess");
        cache.permissionsOf("guess");
        assertEquals(2, lookups.get());
    }

    @Test
    void aLookupThatRacesARevocationDoesNotPutTheRevokedKeyBack() {
        AtomicReference<KeyPermissionCache> cache = new AtomicReference<>();
        AtomicInteger lookups = new AtomicInteger();
        cache.set(new KeyPermissionCache(hash -> {
            if (lookups.incrementAndGet() == 1) {
                cache.get().forget(hash); // the revocation commits while this lookup still holds the old row
                return Optional.of(READ);
            }
            return Optional.empty();
        }, Duration.ofMinutes(1), Clock.systemUTC()));

        assertEquals(Optional.of(READ), cache.get().permissionsOf("k")); // the racing request itself may pass
        assertEquals(Optional.empty(), cache.get().permissionsOf("k")); // but the next one looks again, and fails
        assertEquals(2, lookups.get());
    }
}
