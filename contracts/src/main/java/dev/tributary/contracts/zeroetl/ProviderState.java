package dev.tributary.contracts.zeroetl;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What RDS says about a zero-ETL integration at one moment: its status ({@code creating}, {@code active},
 * {@code modifying}, {@code syncing}, {@code needs_attention}, {@code failed}, {@code deleting}, or {@code deleted}
 * once RDS no longer lists it), its {@code Errors} and its {@code CreateTime}.
 */
public record ProviderState(String integrationArn, String status, List<ProviderError> errors, Instant createTime) {

    /** The statuses in which RDS needs a person: the integration is in trouble until they pass. */
    public static final Set<String> TROUBLED = Set.of("needs_attention", "failed");

    public ProviderState {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public boolean troubled() {
        return TROUBLED.contains(status);
    }

    /** The errors as one line, for a status message ({@code CODE: message; …}); empty without errors. */
    public String errorsLine() {
        return String.join("; ", errors.stream().map(ProviderError::toString).toList());
    }
}
