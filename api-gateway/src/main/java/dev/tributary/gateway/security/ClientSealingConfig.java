package dev.tributary.gateway.security;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** The keys that clients seal secrets to ({@link ClientSealing}). */
@ConfigMapping(prefix = "tributary.client-sealing")
public interface ClientSealingConfig {

    /**
     * The private keys clients seal secrets to, as a JWK set (JSON: RSA keys with their private parts, each with a
     * kid). The first is the one GET /sealing-key publishes; the others still open what clients sealed to them, so a
     * new key can go in front while clients still hold the old one. Every gateway instance must have the same set.
     * Unset, the set comes from the key file.
     */
    Optional<String> keys();

    /**
     * Without configured keys: the file the set is read from, generated with one RSA key on first start by whichever
     * instance comes first (mode 0600); unset, client-sealing.jwks beside the sealing key file.
     */
    Optional<String> keyFile();
}
