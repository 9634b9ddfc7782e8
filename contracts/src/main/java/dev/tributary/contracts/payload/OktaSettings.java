package dev.tributary.contracts.payload;

/** The non-secret Okta settings; the Okta username and password are {@link Credentials}. */
public record OktaSettings(String appId, String idpHost, String role) {
}
