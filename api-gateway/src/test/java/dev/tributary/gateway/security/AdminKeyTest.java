package dev.tributary.gateway.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin key the gateway starts with: long enough to resist guessing, and its file written whole. */
class AdminKeyTest {

    @Test
    void aConfiguredAdminKeyShorterThan32BytesIsRefusedNamingWhereItCameFrom() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ApiKeys.requireStrongAdminKey("admin-admin-admin", "TRIBUTARY_ADMIN_API_KEY"));
        assertTrue(refused.getMessage().contains("TRIBUTARY_ADMIN_API_KEY"), refused.getMessage());
        assertTrue(refused.getMessage().contains("17 bytes"), refused.getMessage());
        assertDoesNotThrow(() -> ApiKeys.requireStrongAdminKey("x".repeat(32), "TRIBUTARY_ADMIN_API_KEY"));
    }

    @Test
    void aMissingKeyFileIsCreatedPrivateWithAStrongKeyAndNoTemporaryFileLeftBehind(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("state").resolve("admin-api-key");
        String key = ApiKeys.readOrCreateKeyFile(file);
        assertDoesNotThrow(() -> ApiKeys.requireStrongAdminKey(key, file.toString()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "only the key file");
        }
        assertEquals(key, ApiKeys.readOrCreateKeyFile(file), "a second start reads the same key");
    }

    @Test
    void aKeyFileAnotherInstanceWroteIsUsedAsItIs(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("admin-api-key");
        Files.writeString(file, "k".repeat(40) + "\n");
        assertEquals("k".repeat(40), ApiKeys.readOrCreateKeyFile(file));
    }
}
