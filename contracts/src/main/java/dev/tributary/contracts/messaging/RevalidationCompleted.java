package dev.tributary.contracts.messaging;

import dev.tributary.contracts.validation.ValidationResults;

/** The outcome of a periodic re-validation; a failure moves an enabled integration to recurringValidationError. */
public record RevalidationCompleted(ValidationResults validationResults) {
}
