package dev.tributary.support;

import dev.tributary.contracts.secrets.SealingKeys;
import dev.tributary.contracts.secrets.SecretSealer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.Optional;

/** The sealer for secrets, keyed from {@code tributary.sealing.key} or the shared key file. */
public class SealingConfig {

    @Produces
    @Singleton
    SecretSealer sealer(
            // the key that seals secrets, base64 of 32 bytes; every service must have the same one
            @ConfigProperty(name = "tributary.sealing.key") Optional<String> key,
            // without a key: the file it is read from, generated on first start by whichever service comes first
            @ConfigProperty(name = "tributary.sealing.key-file") String keyFile) {
        return SealingKeys.sealer(key, Path.of(keyFile));
    }
}
