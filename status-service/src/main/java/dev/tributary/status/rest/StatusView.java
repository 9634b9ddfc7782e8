package dev.tributary.status.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedactedRedshiftConfig;
import dev.tributary.contracts.payload.RedactedZeroEtlConfig;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.zeroetl.ProviderError;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The shape of one integration's view. The database renders it (StatusViewRepository's {@code json_build_object},
 * the measured read path) and the API serves that text as it is, so this record documents the answer rather than
 * building it; StatusViewDocumentTest reads rendered documents into it strictly, in this order. validationResults,
 * config and providerErrors are stored as jsonb and keep the key order jsonb gives them (for an error, code first).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "type", "target", "status", "databaseMode", "message", "autoBootstrap", "validationResults", "config",
        "currentOperation", "providerStatus", "providerErrors", "providerCreateTime", "integrationArn", "supportObjectsVersion",
        "lastError", "updatedAt", "lastCheckedAt", "dataSources", "timeline", "olderTimeline"})
public record StatusView(String id, IntegrationType type, String target, IntegrationStatus status,
                         @Schema(description = "Redshift only: multiDatabase or singleDatabase, once decided")
                         DatabaseMode databaseMode, String message,
                         boolean autoBootstrap, ValidationResults validationResults,
                         @Schema(description = "RedactedRedshiftConfig for type Redshift, RedactedZeroEtlConfig for type ZeroETL",
                                 oneOf = {RedactedRedshiftConfig.class, RedactedZeroEtlConfig.class})
                         JsonNode config,
                         CurrentOperation currentOperation,
                         @Schema(description = "Zero-ETL only: the integration's status in RDS (creating, active, modifying,"
                                 + " syncing, needs_attention, failed, deleting, deleted)")
                         String providerStatus,
                         @Schema(description = "Zero-ETL only: the Errors RDS reports with that status; left out when there"
                                 + " are none")
                         List<ProviderError> providerErrors,
                         @Schema(description = "Zero-ETL only: when RDS created the integration (its CreateTime)")
                         Instant providerCreateTime,
                         String integrationArn,
                         @Schema(description = "The version of the support objects in the target (governance integrations)")
                         Integer supportObjectsVersion,
                         String lastError,
                         Instant updatedAt,
                         @Schema(description = "When the latest check (periodic, or asked for with validate) finished; a check"
                                 + " that found what the view shows adds no timeline entry and moves only this")
                         Instant lastCheckedAt,
                         @Schema(description = "The data sources whose views govern the integration's tables, by id (deleted ones"
                                 + " left out); in GET /integrations/{id} and the stream, not in the list")
                         List<DataSource> dataSources,
                         @Schema(description = "The latest events of the integration (tributary.timeline.latest-entries,"
                                 + " 50 by default), oldest first; only in GET /integrations/{id}")
                         List<TimelineEvent> timeline,
                         @Schema(description = "The URL of the page of events before those in timeline"
                                 + " (GET /integrations/{id}/timeline); left out when there are none")
                         String olderTimeline) {

    /** The operation in flight, if any. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"operation", "operationId", "startedAt"})
    public record CurrentOperation(String operation, UUID operationId, Instant startedAt) {
    }

    /** A registered table and its governed view, as the gateway last recorded it; ids are strings, as the gateway's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "integrationId", "database", "schema", "table", "view", "status", "message", "policies"})
    public record DataSource(String id, String integrationId,
                             @Schema(description = "Multi-database mode only: the database of the table")
                             String database, String schema, String table, View view,
                             @Schema(enumeration = {"creating", "active", "error", "deleting"})
                             String status,
                             @Schema(description = "Why it is in error, or what a manual integration still has to run")
                             String message,
                             @Schema(description = "The policies that apply, in the order their rules combine")
                             List<Policy> policies) {

        /** The governed view users read instead of the table. */
        @JsonPropertyOrder({"schema", "name"})
        public record View(String schema, String name) {
        }

        @JsonPropertyOrder({"id", "name"})
        public record Policy(String id, String name) {
        }
    }

    /** One event as the timeline shows it; a step's times and duration when the event is a step's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "operation", "operationId", "step", "startedAt", "finishedAt", "durationMs", "outcome",
            "message", "occurredAt"})
    public record TimelineEvent(String type, String operation, UUID operationId, String step, Instant startedAt,
                                Instant finishedAt, Long durationMs, String outcome, String message, Instant occurredAt) {
    }
}
