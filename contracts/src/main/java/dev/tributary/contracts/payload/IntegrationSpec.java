package dev.tributary.contracts.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.sql.SqlIdentifiers;

/** What an integration is: its type, how it is set up, and its non-secret configuration. */
public record IntegrationSpec(IntegrationType type, boolean autoBootstrap, IntegrationConfig config) {

    @JsonCreator
    static IntegrationSpec fromJson(@JsonProperty("type") IntegrationType type,
                                    @JsonProperty("autoBootstrap") boolean autoBootstrap,
                                    @JsonProperty("config") JsonNode config) {
        return new IntegrationSpec(type, autoBootstrap, Json.convert(config, type.configClass()));
    }

    public RedshiftConfig redshift() {
        return (RedshiftConfig) config;
    }

    /**
     * How to reach the target as the system account. An automatic setup created the account as a password user
     * (its generated password is sealed and kept), whatever {@code authenticationType} the setup signed in with; a
     * manual setup keeps the identity the person chose, an Okta identity signing in through Okta again.
     */
    public RedshiftConfig systemAccountTarget() {
        return autoBootstrap ? redshift().withPasswordSignIn() : redshift();
    }

    /**
     * How {@code username} reaches the target: the system account of an automatic setup as {@link #systemAccountTarget}
     * says (a migration with no credentials in its request logs in as it), anyone else as the config says.
     */
    public RedshiftConfig signInAs(String username) {
        return autoBootstrap && username != null && SqlIdentifiers.sameName(username, redshift().systemAccount())
                ? systemAccountTarget() : redshift();
    }

    public ZeroEtlConfig zeroEtl() {
        return (ZeroEtlConfig) config;
    }
}
