package dev.tributary.contracts.payload;

import java.util.List;
import java.util.stream.Collectors;

/** A request broke one or more rules; each is listed, so a client can fix them all at once. */
public class InvalidRequestException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super("Invalid request: " + errors.stream()
                .map(error -> error.field() + " " + error.message())
                .collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(FieldError error) {
        this(List.of(error));
    }

    /** A rule whose message the API promises word for word: it becomes the answer's message as it is. */
    public static InvalidRequestException verbatim(FieldError error) {
        return new InvalidRequestException(error.message(), List.of(error));
    }

    private InvalidRequestException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
