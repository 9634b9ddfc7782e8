package dev.tributary.contracts.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/** A zero-ETL integration's config as shown: all of it, with the materialize section's credentials redacted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"integrationName", "sourceArn", "targetArn", "kmsKeyId", "additionalEncryptionContext", "dataFilter",
        "description", "tags", "region", "integrationArn", "authorizeTarget", "materialize"})
public record RedactedZeroEtlConfig(String integrationName, String sourceArn, String targetArn, String kmsKeyId,
                                    Map<String, String> additionalEncryptionContext, String dataFilter,
                                    String description, List<ZeroEtlConfig.Tag> tags, String region,
                                    Materialize materialize, String integrationArn, Boolean authorizeTarget)
        implements RedactedConfig {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"host", "port", "database", "initialDatabase", "sourceDatabase", "acceptInvChars",
            "truncateColumns", "refreshInterval", "historyMode", "username", "password"})
    public record Materialize(String host, int port, String database, String initialDatabase, String sourceDatabase,
                              Boolean acceptInvChars, Boolean truncateColumns, Integer refreshInterval,
                              Boolean historyMode, String username, String password) {
    }

    static RedactedZeroEtlConfig of(ZeroEtlConfig config) {
        ZeroEtlConfig.Materialize materialize = config.materialize();
        return new RedactedZeroEtlConfig(config.integrationName(), config.sourceArn(), config.targetArn(), config.kmsKeyId(),
                config.additionalEncryptionContext(), config.dataFilter(), config.description(), config.tags(),
                config.region(), materialize == null ? null : new Materialize(materialize.host(), materialize.port(),
                materialize.database(), materialize.initialDatabase(), materialize.sourceDatabase(),
                materialize.acceptInvChars(), materialize.truncateColumns(), materialize.refreshInterval(),
                materialize.historyMode(), RedshiftConfig.REDACTED, RedshiftConfig.REDACTED),
                config.integrationArn(), config.authorizeTarget() ? Boolean.TRUE : null);
    }
}
