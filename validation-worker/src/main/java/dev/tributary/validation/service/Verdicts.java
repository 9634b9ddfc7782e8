package dev.tributary.validation.service;

import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationTest;

import java.util.List;

/** The verdicts {@link ValidationTest} has no factory for: a warning, which never stops an operation. */
final class Verdicts {

    private Verdicts() {
    }

    static ValidationTest warning(String name, List<Object> result, String message) {
        return new ValidationTest(name, TestStatus.WARNING, result, message);
    }

    /** A failure as a warning with the same message, for a check whose subject this operation does not create. */
    static ValidationTest demoted(ValidationTest test, String why) {
        return test.status() == TestStatus.FAILED ? warning(test.name(), test.result(), test.message() + " " + why) : test;
    }
}
