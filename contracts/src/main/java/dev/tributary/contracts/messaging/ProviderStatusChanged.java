package dev.tributary.contracts.messaging;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.zeroetl.ProviderError;
import dev.tributary.contracts.zeroetl.ProviderState;

import java.time.Instant;
import java.util.List;

/**
 * The provider (RDS) reported a new status for a zero-ETL integration during an operation: creating, active,
 * modifying, syncing, needs_attention, failed, deleting, deleted. {@code errors} are RDS's {@code Errors};
 * {@code createTime} its {@code CreateTime} (null when RDS gave none, and in events written before it travelled).
 */
public record ProviderStatusChanged(Operation operation, String integrationArn, String providerStatus,
                                    List<ProviderError> errors, Instant createTime) {

    public ProviderStatusChanged {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProviderStatusChanged of(Operation operation, ProviderState state) {
        return new ProviderStatusChanged(operation, state.integrationArn(), state.status(), state.errors(), state.createTime());
    }

    public ProviderState state() {
        return new ProviderState(integrationArn, providerStatus, errors, createTime);
    }
}
