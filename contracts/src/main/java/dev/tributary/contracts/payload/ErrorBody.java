package dev.tributary.contracts.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The error shape of every HTTP API and of front-door replies: {@code {"statusCode", "error", "message"}}, plus
 * the broken rules for a 400.
 *
 * @param error the HTTP reason phrase of {@code statusCode}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(int statusCode, String error, String message, List<FieldError> errors) {
    public ErrorBody {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
