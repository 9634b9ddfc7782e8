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

    public List<FieldError> errors() {
        return errors;
    }
}
