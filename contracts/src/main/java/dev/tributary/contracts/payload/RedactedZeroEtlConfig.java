package dev.tributary.contracts.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/** A zero-ETL integration's config as shown: all of it, with the materialize section's credentials redacted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"integrationName", "sourceArn", "targetArn", "kmsKeyId", "additionalEncryptionContext", "dataFilter",
        "description", "tags", "region", "materialize"})
public record RedactedZeroEtlConfig(String integrationName, String sourceArn, String targetArn, String kmsKeyId,
                                    Map<String, String> additionalEncryptionContext, String dataFilter,
                                    String description, List<ZeroEtlConfig.Tag> tags, String region,
                                    Materialize materialize) implements RedactedConfig {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"host", "port", "database", "initialDatabase", "sourceDatabase", "username", "password"})
    public record Materialize(String host, int port, String database, String initialDatabase, String sourceDatabase,
                              String username, String password) {
    }

    static RedactedZeroEtlConfig of(ZeroEtlConfig config) {
        ZeroEtlConfig.Materialize materialize = config.materialize();
        return new RedactedZeroEtlConfig(config.integrationName(), config.sourceArn(), config.targetArn(), config.kmsKeyId(),
                config.additionalEncryptionContext(), config.dataFilter(), config.description(), config.tags(),
                config.region(), materialize == null ? null : new Materialize(materialize.host(), materialize.port(),
                materialize.database(), materialize.initialDatabase(), materialize.sourceDatabase(),
                RedshiftConfig.REDACTED, RedshiftConfig.REDACTED));
    }
}
