package dev.tributary.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedactedConfig;
import dev.tributary.contracts.payload.RedactedRedshiftConfig;
import dev.tributary.contracts.payload.RedactedZeroEtlConfig;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.zeroetl.ProviderError;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A whole integration, the answer to GET: its status answer's fields first, then what it is, with its config
 * redacted, what the provider (RDS) says of a zero-ETL integration, and when it was checked and is checked next.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "status", "databaseMode", "validationResults", "message", "type", "autoBootstrap", "config",
        "providerStatus", "providerErrors", "providerCreateTime", "integrationArn", "supportObjectsVersion",
        "lastCheckedAt", "nextCheckAt"})
public record IntegrationView(String id, IntegrationStatus status,
                              @Schema(readOnly = true, description = "Where the support schemas are: a database the setup"
                                      + " created (multiDatabase) or an existing one (singleDatabase). Decided once at"
                                      + " creation; absent until an automatic create's validation decides it, and for ZeroETL.")
                              DatabaseMode databaseMode,
                              ValidationResults validationResults, String message,
                              IntegrationType type, boolean autoBootstrap,
                              @Schema(description = "RedactedRedshiftConfig for type Redshift, RedactedZeroEtlConfig for type ZeroETL",
                                      oneOf = {RedactedRedshiftConfig.class, RedactedZeroEtlConfig.class})
                              RedactedConfig config,
                              @Schema(description = "What RDS last said of a ZeroETL integration: creating, active,"
                                      + " modifying, syncing, needs_attention, failed, deleting or deleted")
                              String providerStatus,
                              @Schema(description = "The Errors RDS reports on a ZeroETL integration; absent when it reports none")
                              @JsonInclude(JsonInclude.Include.NON_EMPTY)
                              List<ProviderError> providerErrors,
                              @Schema(description = "When RDS created the ZeroETL integration (its CreateTime)")
                              Instant providerCreateTime,
                              String integrationArn,
                              @Schema(description = "The version of the support objects in the target (Redshift only);"
                                      + " below the running system's, it is migrated (automatic setup) or has a migration script (manual)")
                              Integer supportObjectsVersion,
                              @Schema(description = "When the latest answered check (periodic or asked for) ran; absent"
                                      + " before the first")
                              Instant lastCheckedAt,
                              @Schema(description = "When the next periodic check is due; absent until the check scheduler"
                                      + " has scheduled it (within one interval of the integration becoming enabled)")
                              Instant nextCheckAt) {
}
