package dev.tributary.contracts.messaging;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.validation.ValidationResults;

public record ValidationCompleted(Operation operation, ValidationResults validationResults) {
}
