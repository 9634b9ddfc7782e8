package dev.tributary.contracts.payload;

/**
 * A username and password for Redshift (directly, or through Okta). Never serialised in the clear:
 * it travels and rests only as the output of {@link dev.tributary.contracts.secrets.SecretSealer}.
 */
public record Credentials(String username, String password) {

    @Override
    public String toString() {
        return "Credentials[username=<REDACTED>, password=<REDACTED>]";
    }
}
