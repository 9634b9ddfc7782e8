package dev.tributary.validation.messaging;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Opens the credentials a command or a check carries sealed. */
@ApplicationScoped
public class SealedCredentials {
    @Inject
    SecretSealer sealer;

    /** The credentials sealed for {@code purpose}; null when none were sent. */
    public Credentials open(String sealed, SealingContext purpose) {
        return sealed == null ? null : Json.convert(Json.read(sealer.unseal(sealed, purpose)), Credentials.class);
    }
}
