package dev.tributary.support.rest;

/**
 * The names of the error answers every service's API documents once, as OpenAPI components (in this package's
 * {@code package-info}): an operation names the ones it can give by reference,
 * {@code @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)}. They all carry an {@code ErrorBody}.
 */
public final class ErrorAnswers {
    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";

    private ErrorAnswers() {
    }
}
