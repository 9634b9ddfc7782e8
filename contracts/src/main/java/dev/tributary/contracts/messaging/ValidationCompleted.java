package dev.tributary.contracts.messaging;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.validation.ValidationResults;

/**
 * @param databaseMode the governance integration's mode as this validation found or confirmed it; null for zero-ETL,
 *                     and when it could not be decided (the target did not answer)
 */
public record ValidationCompleted(Operation operation, ValidationResults validationResults, DatabaseMode databaseMode) {

    public ValidationCompleted(Operation operation, ValidationResults validationResults) {
        this(operation, validationResults, null);
    }
}
