package dev.tributary.contracts.validation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Outcome of one validation test, and of a validation as a whole. */
public enum TestStatus {
    @JsonProperty("passed") PASSED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("warning") WARNING,
    @JsonProperty("skipped") SKIPPED
}
