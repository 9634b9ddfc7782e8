package dev.tributary.gateway.config;

import dev.tributary.contracts.secrets.SealingKeys;
import dev.tributary.contracts.secrets.SecretSealer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.util.Optional;

public class SealingConfig {

    @Produces
    @Singleton
    SecretSealer sealer(@ConfigProperty(name = "tributary.sealing.key") Optional<String> key,
                        @ConfigProperty(name = "tributary.sealing.key-file") String keyFile) {
        return SealingKeys.sealer(key, Path.of(keyFile));
    }
}
