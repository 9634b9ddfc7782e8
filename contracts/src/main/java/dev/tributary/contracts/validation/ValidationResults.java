package dev.tributary.contracts.validation;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Optional;

/** All validation tests of one operation; the overall status is the worst status among them. */
public record ValidationResults(TestStatus status, List<ValidationTest> validationTests) {

    public static ValidationResults of(List<ValidationTest> tests) {
        TestStatus overall = TestStatus.PASSED;
        for (ValidationTest test : tests) {
            if (test.status() == TestStatus.FAILED) {
                overall = TestStatus.FAILED;
                break;
            }
            if (test.status() == TestStatus.WARNING) {
                overall = TestStatus.WARNING;
            }
        }
        return new ValidationResults(overall, List.copyOf(tests));
    }

    @JsonIgnore
    public boolean allowsSetup() {
        return status != TestStatus.FAILED;
    }

    /** The messages of the failed tests, joined, for the integration's error message. */
    public Optional<String> failureMessage() {
        List<String> messages = validationTests.stream()
                .filter(test -> test.status() == TestStatus.FAILED)
                .map(test -> test.name() + ": " + test.message())
                .toList();
        return messages.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", messages));
    }
}
