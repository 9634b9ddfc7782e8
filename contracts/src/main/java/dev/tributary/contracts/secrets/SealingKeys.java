package dev.tributary.contracts.secrets;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the sealing key ring comes from: configuration first; otherwise a key file that the first service to start
 * creates (mode 0600) with one fresh key, so that every local service shares the ring without any set-up. The file
 * holds the ring's text ({@link SealingKeyRing}): one {@code <id>:<base64>} line per key, the primary first; a file
 * of an earlier release, one bare base64 key, reads as a ring of that key.
 */
public final class SealingKeys {

    private SealingKeys() {
    }

    /** @param configured the ring's text from configuration, which wins over the file */
    public static SealingKeyRing ring(Optional<String> configured, Path keyFile) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            return SealingKeyRing.parse(configured.get(), "the configured sealing key");
        }
        return readOrCreate(keyFile);
    }

    public static SecretSealer sealer(Optional<String> configured, Path keyFile) {
        return new SecretSealer(ring(configured, keyFile));
    }

    /** Reads the key file, creating it with a ring of one fresh key if it does not exist yet. */
    public static SealingKeyRing readOrCreate(Path keyFile) {
        return SealingKeyRing.parse(KeyFiles.readOrCreate(keyFile, () -> SealingKeyRing.generate().format()), keyFile.toString());
    }

    /** Puts a fresh key in front of the file's ring, as its primary; returns the new key's id. */
    public static String addPrimary(Path keyFile) {
        SealingKeyRing rotated = readOrCreate(keyFile).withNewPrimary();
        KeyFiles.replace(keyFile, rotated.format());
        return rotated.primaryId();
    }

    /** Removes every key but the primary from the file's ring; returns the removed keys' ids. */
    public static List<String> retireAllButPrimary(Path keyFile) {
        SealingKeyRing ring = readOrCreate(keyFile);
        KeyFiles.replace(keyFile, ring.primaryOnly().format());
        return ring.ids().subList(1, ring.ids().size());
    }
}
