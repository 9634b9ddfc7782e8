package dev.tributary.contracts.secrets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretSealerTest {

    private static SecretSealer randomSealer() {
        byte[] key = new byte[SecretSealer.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new SecretSealer(key);
    }

    @Test
    void sealedValuesOpenToThePlaintextAndDoNotContainIt() {
        SecretSealer sealer = randomSealer();
        String secret = "Pa$$w0rd-with-ünïcode-'quotes'";
        String sealed = sealer.seal(secret);
        assertTrue(SecretSealer.isSealed(sealed));
        assertFalse(sealed.contains(secret));
        assertEquals(secret, sealer.unseal(sealed));
        assertNotEquals(sealed, sealer.seal(secret), "a fresh nonce each time");
    }

    @Test
    void tamperedOrForeignValuesAreRefused() {
        SecretSealer sealer = randomSealer();
        String sealed = sealer.seal("secret");
        char last = sealed.charAt(sealed.length() - 2);
        String tampered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);
        assertThrows(SecretSealer.SealingException.class, () -> sealer.unseal(tampered));
        assertThrows(SecretSealer.SealingException.class, () -> randomSealer().unseal(sealed));
        assertThrows(SecretSealer.SealingException.class, () -> sealer.unseal("secret"));
        assertThrows(IllegalArgumentException.class, () -> new SecretSealer(new byte[16]));
    }

    @Test
    void theKeyFileIsCreatedOnceWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("nested").resolve("sealing.key");
        SecretSealer first = SealingKeys.sealer(Optional.empty(), keyFile);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        SecretSealer second = SealingKeys.sealer(Optional.empty(), keyFile);
        assertEquals("x", second.unseal(first.seal("x")), "a second start reads the same key");
    }
}
