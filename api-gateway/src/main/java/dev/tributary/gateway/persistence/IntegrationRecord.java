package dev.tributary.gateway.persistence;

import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.zeroetl.ProviderError;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of the registry. {@code operation} is null when nothing is in flight; {@code databaseMode} is null until an
 * automatic create's validation decides it, and for zero-ETL integrations. {@code supportObjectsVersion} is the
 * version of the support objects in the target; {@code lastCheckId} the latest re-validation whose result is in.
 * {@code providerStatus}, {@code providerErrors} (null when RDS reports none) and {@code providerCreateTime} are what
 * RDS last said of a zero-ETL integration. {@code nextCheckAt} is when its next periodic check is due (null until the
 * check scheduler first schedules it), {@code lastCheckedAt} when the latest answered check ran, and
 * {@code checkStartedAt} since when a check is in flight (null when none is).
 */
public record IntegrationRecord(
        long id,
        IntegrationSpec spec,
        IntegrationStatus status,
        String statusMessage,
        ValidationResults validationResults,
        Operation operation,
        UUID operationId,
        Instant operationDeadline,
        String systemAccount,
        String sealedSystemPassword,
        String providerArn,
        String providerStatus,
        List<ProviderError> providerErrors,
        Instant providerCreateTime,
        DatabaseMode databaseMode,
        int supportObjectsVersion,
        UUID lastCheckId,
        Instant nextCheckAt,
        Instant lastCheckedAt,
        Instant checkStartedAt) {

    public String idText() {
        return Long.toString(id);
    }
}
