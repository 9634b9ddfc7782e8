package dev.tributary.contracts.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A governance integration's config as shown: Okta settings with the Okta username redacted, or the redacted
 * username and password; the impersonation role only when impersonation is on. Field order as in the spec.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"host", "database", "initialDatabase", "port", "impersonation", "authenticationType", "okta",
        "username", "password"})
public record RedactedRedshiftConfig(String host, String database, String initialDatabase, int port,
                                     Impersonation impersonation, AuthenticationType authenticationType,
                                     Okta okta, String username, String password) implements RedactedConfig {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"username", "appId", "idpHost", "role"})
    public record Okta(String username, String appId, String idpHost, String role) {
    }

    static RedactedRedshiftConfig of(RedshiftConfig config) {
        Impersonation impersonation = new Impersonation(config.impersonationEnabled(),
                config.impersonationEnabled() ? config.impersonationRole() : null);
        boolean okta = config.authenticationType() == AuthenticationType.OKTA;
        return new RedactedRedshiftConfig(config.host(), config.database(), config.initialDatabase(), config.port(),
                impersonation, config.authenticationType(),
                okta ? new Okta(RedshiftConfig.REDACTED, config.okta().appId(), config.okta().idpHost(), config.okta().role()) : null,
                okta ? null : RedshiftConfig.REDACTED, okta ? null : RedshiftConfig.REDACTED);
    }
}
