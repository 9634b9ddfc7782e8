package dev.tributary.contracts.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the sealing key comes from: configuration first; otherwise a key file that the first service to start
 * creates (mode 0600), so that every local service shares one key without any set-up.
 */
public final class SealingKeys {

    private SealingKeys() {
    }

    public static SecretSealer sealer(Optional<String> configuredKey, Path keyFile) {
        if (configuredKey.isPresent() && !configuredKey.get().isBlank()) {
            return SecretSealer.fromBase64(configuredKey.get());
        }
        return SecretSealer.fromBase64(loadOrCreate(keyFile));
    }

    /** Reads the key file, creating it with a fresh random key if it does not exist yet. Safe against concurrent starts. */
    public static String loadOrCreate(Path keyFile) {
        try {
            if (Files.exists(keyFile)) {
                return Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
            }
            Path dir = keyFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            byte[] key = new byte[SecretSealer.KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Path temp = Files.createTempFile(dir, ".sealing-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
            try {
                // a hard link is created atomically and never replaces: if another process won the race,
                // its key stays and is read below
                Files.createLink(keyFile, temp);
            } catch (FileAlreadyExistsException raced) {
                // keep the winner's key
            } finally {
                Files.deleteIfExists(temp);
            }
            return Files.readString(keyFile, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the sealing key file " + keyFile, e);
        }
    }
}
