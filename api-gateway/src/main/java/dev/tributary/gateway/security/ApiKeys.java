package dev.tributary.gateway.security;

import dev.tributary.gateway.persistence.ApiKeyRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys: stored as SHA-256 hashes (the keys are 256-bit random values, so a plain hash is enough), looked up
 * with a short cache. The admin key comes from configuration or is generated on first start into a 0600 file.
 */
@ApplicationScoped
public class ApiKeys {
    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    private static final Duration CACHE_TTL = Duration.ofSeconds(30);

    @Inject
    ApiKeyRepository repository;

    @ConfigProperty(name = "tributary.admin-api-key")
    Optional<String> configuredAdminKey;

    @ConfigProperty(name = "tributary.admin-api-key-file")
    String adminKeyFile;

    private record Cached(Optional<Set<String>> permissions, Instant expires) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    void registerAdminKey(@Observes StartupEvent startup) {
        String key = configuredAdminKey.filter(value -> !value.isBlank()).orElseGet(this::adminKeyFromFile);
        repository.upsert(hash(key), "admin", Set.of(Permissions.APPLICATION_ADMIN));
        LOG.infof("admin API key registered (from %s)", configuredAdminKey.isPresent() ? "configuration" : adminKeyFile);
    }

    /** A new random key with {@code permissions}; its value is returned here once and stored only as a hash. */
    public NewKey create(String name, Set<String> permissions) {
        String key = randomKey();
        return new NewKey(repository.insert(hash(key), name, permissions), key);
    }

    public record NewKey(ApiKeyRepository.ApiKeyInfo info, String key) {
    }

    public boolean revoke(long id) {
        Optional<String> revoked = repository.delete(id);
        revoked.ifPresent(cache::remove);
        return revoked.isPresent();
    }

    /** The permissions of {@code key}, or empty if it is not a known key. */
    public Optional<Set<String>> permissionsOf(String key) {
        String keyHash = hash(key);
        Cached cached = cache.get(keyHash);
        if (cached == null || cached.expires().isBefore(Instant.now())) {
            Optional<Set<String>> permissions = repository.permissions(keyHash);
            if (permissions.isEmpty()) {
                return permissions; // unknown keys are not cached: random guesses must not fill memory
            }
            cached = new Cached(permissions, Instant.now().plus(CACHE_TTL));
            cache.put(keyHash, cached);
        }
        return cached.permissions();
    }

    private String adminKeyFromFile() {
        Path file = Path.of(adminKeyFile);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, randomKey(), StandardCharsets.US_ASCII);
                } catch (FileAlreadyExistsException raced) {
                    // another gateway instance created it first; use its key
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin API key file " + file, e);
        }
    }

    private static String randomKey() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
