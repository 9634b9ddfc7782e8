package dev.tributary.gateway.persistence;

import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.zeroetl.ProviderError;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of the registry (schema: Flyway's V1, V2, V4, V6, V9, V10). Rows are written by bulk statements whose conditions the
 * database decides, and read as {@link IntegrationRecord} projections; the attribute names are the record's
 * component names, which is what lets Panache project onto it.
 */
@Entity
@Table(name = "integration")
class Integration {
    /** Explicit: the id comes from {@code integration_id_seq} inside the conditional insert. */
    @Id
    Long id;

    String type;

    @Column(name = "target_key")
    String targetKey;

    @Column(name = "auto_bootstrap")
    boolean autoBootstrap;

    @Convert(converter = Columns.Spec.class)
    @JdbcTypeCode(SqlTypes.JSON)
    IntegrationSpec spec;

    /** The spec an edit will apply once it succeeds. */
    @Convert(converter = Columns.Spec.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "pending_spec")
    IntegrationSpec pendingSpec;

    @Convert(converter = Columns.Status.class)
    IntegrationStatus status;

    @Column(name = "status_message")
    String statusMessage;

    @Convert(converter = Columns.Validation.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "validation_results")
    ValidationResults validationResults;

    /** The operation in flight; null when idle. */
    @Convert(converter = Columns.OperationName.class)
    Operation operation;

    @Column(name = "operation_id")
    UUID operationId;

    @Column(name = "operation_deadline")
    Instant operationDeadline;

    @Column(name = "system_account")
    String systemAccount;

    @Column(name = "sealed_system_password")
    String sealedSystemPassword;

    @Column(name = "provider_arn")
    String providerArn;

    @Column(name = "provider_status")
    String providerStatus;

    /** The {@code Errors} RDS last reported (V9); null when it reported none. */
    @Convert(converter = Columns.ProviderErrors.class)
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "provider_errors")
    List<ProviderError> providerErrors;

    @Column(name = "provider_create_time")
    Instant providerCreateTime;

    /** Decided once, at creation (V6); null until an automatic create's validation decides it, and for zero-ETL. */
    @Convert(converter = Columns.Mode.class)
    @Column(name = "database_mode")
    DatabaseMode databaseMode;

    @Column(name = "support_objects_version")
    int supportObjectsVersion;

    @Column(name = "last_check_id")
    UUID lastCheckId;

    /** When the next periodic check is due (V10); null until the check scheduler first schedules it. */
    @Column(name = "next_check_at")
    Instant nextCheckAt;

    /** The occurred-at of the latest answered check (V10); it never moves backwards. */
    @Column(name = "last_checked_at")
    Instant lastCheckedAt;

    /** Since when a check is in flight (V10); null when none is. */
    @Column(name = "check_started_at")
    Instant checkStartedAt;

    /** Counts changes; every update statement increments it. Not JPA's @Version: no update here reads first. */
    long version;

    @Column(name = "created_at")
    Instant createdAt;

    @Column(name = "updated_at")
    Instant updatedAt;
}
