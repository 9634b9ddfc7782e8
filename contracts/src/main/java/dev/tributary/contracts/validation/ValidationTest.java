package dev.tributary.contracts.validation;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One named check against the target. {@code message} is set when the check did not pass and says what to fix.
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // no message for a test that passed, whichever mapper writes it
public record ValidationTest(String name, TestStatus status, List<Object> result, String message) {

    public static ValidationTest passed(String name, List<Object> result) {
        return new ValidationTest(name, TestStatus.PASSED, result, null);
    }

    public static ValidationTest failed(String name, String message) {
        return new ValidationTest(name, TestStatus.FAILED, List.of(), message);
    }

    public static ValidationTest skipped(String name, String reason) {
        return new ValidationTest(name, TestStatus.SKIPPED, List.of(), reason);
    }
}
