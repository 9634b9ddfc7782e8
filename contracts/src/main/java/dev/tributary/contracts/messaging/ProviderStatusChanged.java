package dev.tributary.contracts.messaging;

import dev.tributary.contracts.lifecycle.Operation;

import java.util.List;

/**
 * The provider (RDS) reported a new status for a zero-ETL integration: creating, active, modifying, syncing,
 * needs_attention, failed, deleting. {@code errors} are the provider's {@code CODE: message} lines.
 */
public record ProviderStatusChanged(Operation operation, String integrationArn, String providerStatus, List<String> errors) {
}
