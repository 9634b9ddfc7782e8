package dev.tributary.contracts.zeroetl;

import java.time.Instant;
import java.util.List;

/**
 * What RDS says about a zero-ETL integration at one moment: its status ({@code creating}, {@code active},
 * {@code modifying}, {@code syncing}, {@code needs_attention}, {@code failed}, {@code deleting}, or {@code deleted}
 * once RDS no longer lists it), its {@code Errors} and its {@code CreateTime}.
 */
public record ProviderState(String integrationArn, String status, List<ProviderError> errors, Instant createTime) {

    public ProviderState {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** The errors as one line, for a status message ({@code CODE: message; …}); empty without errors. */
    public String errorsLine() {
        return String.join("; ", errors.stream().map(ProviderError::toString).toList());
    }
}
