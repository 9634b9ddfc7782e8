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
    SecretSealer sealer(@ConfigProperty(name = "tributary.sealing.key") Optional<String> key,
                        @ConfigProperty(name = "tributary.sealing.key-file") String keyFile) {
        return SealingKeys.sealer(key, Path.of(keyFile));
    }
}
