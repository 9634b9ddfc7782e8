package dev.tributary.contracts.messaging;

/** The account Tributary uses from now on; the password is sealed. */
public record SystemAccountProvisioned(String username, String sealedPassword) {
}
