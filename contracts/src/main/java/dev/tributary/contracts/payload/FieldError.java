package dev.tributary.contracts.payload;

/** One broken rule of a request: the field's path (e.g. {@code config.port}), the rule's name, and a sentence for people. */
public record FieldError(String field, String rule, String message) {
}
