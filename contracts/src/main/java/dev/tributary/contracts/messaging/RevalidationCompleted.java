package dev.tributary.contracts.messaging;

import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.zeroetl.ProviderState;

/**
 * The outcome of a re-validation (periodic, or asked for with {@code POST /integrations/{id}/validate}); a failure
 * moves an enabled integration to recurringValidationError, a pass moves it back to enabled.
 *
 * @param supportObjectsVersion the version the request said the support objects have, when the check passed; null
 *                              otherwise (the recorded version stays)
 * @param provider              for a zero-ETL integration, what RDS reported when it was described; null for
 *                              governance integrations
 */
public record RevalidationCompleted(ValidationResults validationResults, Integer supportObjectsVersion,
                                    ProviderState provider) {

    public RevalidationCompleted(ValidationResults validationResults, Integer supportObjectsVersion) {
        this(validationResults, supportObjectsVersion, null);
    }

    public RevalidationCompleted(ValidationResults validationResults) {
        this(validationResults, null, null);
    }
}
