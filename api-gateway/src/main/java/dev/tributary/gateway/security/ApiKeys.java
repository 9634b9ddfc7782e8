package dev.tributary.gateway.security;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.access.ApiKeyChanged;
import dev.tributary.contracts.access.ApiKeyCredentials;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.gateway.messaging.OutboxRelay;
import dev.tributary.gateway.persistence.ApiKeyRepository;
import dev.tributary.gateway.persistence.OutboxRepository;
import dev.tributary.support.security.KeyPermissionCache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * API keys: stored as SHA-256 hashes, looked up through a short cache. Every grant and revocation is written to
 * the outbox in the same transaction, for {@code access.api-keys}, so the other services learn it. The admin key
 * comes from configuration or is generated on first start into a 0600 file.
 */
@ApplicationScoped
public class ApiKeys {
    private static final Logger LOG = Logger.getLogger(ApiKeys.class);
    private static final Duration CACHE_TTL = Duration.ofSeconds(30);
    /** The name of the key from configuration; reserved, so no key created through the API takes it. */
    public static final String ADMIN_KEY_NAME = "admin";

    @Inject
    ApiKeyRepository repository;

    @Inject
    OutboxRepository outbox;

    @Inject
    OutboxRelay relay;

    static final int ADMIN_KEY_MIN_BYTES = 32;

    /** The first admin API key, at least 32 bytes; without it one is generated into tributary.admin-api-key-file. */
    @ConfigProperty(name = "tributary.admin-api-key")
    Optional<String> configuredAdminKey;

    @ConfigProperty(name = "tributary.admin-api-key-file")
    String adminKeyFile;

    private KeyPermissionCache permissions;

    @PostConstruct
    void createCache() {
        permissions = new KeyPermissionCache(keyHash -> repository.permissions(keyHash), CACHE_TTL, Clock.systemUTC());
    }

    void registerAdminKey(@Observes StartupEvent startup) {
        Optional<String> configured = configuredAdminKey.filter(value -> !value.isBlank());
        String key = configured.orElseGet(() -> readOrCreateKeyFile(Path.of(adminKeyFile)));
        requireStrongAdminKey(key, configured.isPresent() ? "TRIBUTARY_ADMIN_API_KEY" : adminKeyFile);
        String keyHash = ApiKeyCredentials.hash(key);
        Set<String> adminPermissions = Set.of(Permissions.APPLICATION_ADMIN);
        QuarkusTransaction.requiringNew().run(() -> {
            repository.upsert(keyHash, ADMIN_KEY_NAME, adminPermissions);
            // a changed admin key replaces the old one everywhere
            repository.deleteOthersNamed(ADMIN_KEY_NAME, keyHash).forEach(old -> publish(ApiKeyChanged.revoked(old)));
            // every key again, so services that started reading access.api-keys later know the older keys too
            repository.all().forEach(stored -> publish(ApiKeyChanged.granted(stored.keyHash(), stored.name(), stored.permissions())));
        });
        relay.wakeUp();
        LOG.infof("admin API key registered (from %s)", configuredAdminKey.isPresent() ? "configuration" : adminKeyFile);
    }

    /**
     * Refuses an admin key shorter than {@link #ADMIN_KEY_MIN_BYTES} bytes, which the gateway would otherwise start
     * with: the key can do everything, and a short one can be guessed. {@code source} names where it came from.
     */
    static void requireStrongAdminKey(String key, String source) {
        int length = key.getBytes(StandardCharsets.UTF_8).length;
        if (length < ADMIN_KEY_MIN_BYTES) {
            throw new IllegalStateException("the admin API key from " + source + " is " + length + " bytes long; it needs at least "
                    + ADMIN_KEY_MIN_BYTES + " (for example the output of `openssl rand -hex 32`), or leave"
                    + " TRIBUTARY_ADMIN_API_KEY unset to have one generated");
        }
    }

    /** A new random key with {@code permissions}; its value is returned here once and stored only as a hash. */
    public NewKey create(String name, Set<String> permissions) {
        String key = randomKey();
        String keyHash = ApiKeyCredentials.hash(key);
        ApiKeyRepository.ApiKeyInfo info = QuarkusTransaction.requiringNew().call(() -> {
            ApiKeyRepository.ApiKeyInfo stored = repository.insert(keyHash, name, permissions);
            publish(ApiKeyChanged.granted(keyHash, name, permissions));
            return stored;
        });
        relay.wakeUp();
        return new NewKey(info, key);
    }

    public record NewKey(ApiKeyRepository.ApiKeyInfo info, String key) {
    }

    public boolean revoke(long id) {
        Optional<String> revoked = QuarkusTransaction.requiringNew().call(() -> {
            Optional<String> keyHash = repository.delete(id);
            keyHash.ifPresent(hash -> publish(ApiKeyChanged.revoked(hash)));
            return keyHash;
        });
        relay.wakeUp();
        revoked.ifPresent(permissions::forget);
        return revoked.isPresent();
    }

    /** What a key may do, for the filter and the Kafka front door. */
    public KeyPermissionCache permissions() {
        return permissions;
    }

    private void publish(ApiKeyChanged change) {
        outbox.append(Topics.API_KEYS, change.keyHash(), UUID.randomUUID(), ApiKeyChanged.TYPE, Json.write(change));
    }

    /**
     * The key in {@code file}, created with a new random key (mode 0600) when there is none. The key is written to a
     * temporary file first and then linked into place, which fails if the file appeared meanwhile: another instance
     * starting at the same time never reads a half-written key, and both end up with the same one.
     */
    static String readOrCreateKeyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Path directory = file.toAbsolutePath().getParent();
                Files.createDirectories(directory);
                Path written = Files.createTempFile(directory, ".admin-api-key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    Files.writeString(written, randomKey(), StandardCharsets.US_ASCII);
                    Files.createLink(file, written);
                } catch (FileAlreadyExistsException raced) {
                    // another gateway instance created it first; use its key
                } finally {
                    Files.deleteIfExists(written);
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
}
