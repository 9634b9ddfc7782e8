package dev.tributary.support.rest;

import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.InvalidRequestException;

import java.util.ArrayList;
import java.util.List;

/**
 * Which page of a list a caller asks for: {@code limit} (1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT})
 * items from {@code offset} (0 up, default 0). The one place these rules live, for the integration lists over HTTP
 * and on the Kafka front door; a broken rule is an {@link InvalidRequestException} naming the field, rule
 * {@code range}.
 */
public record PageRequest(int limit, int offset) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** The page from the parameters' text as given (a query parameter, a JSON value's text); null for left out. */
    public static PageRequest parse(String limit, String offset) {
        List<FieldError> errors = new ArrayList<>();
        PageRequest page = parse(limit, offset, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return page;
    }

    /** As {@link #parse(String, String)}, adding what is wrong to {@code errors}, for a caller with fields of its own. */
    public static PageRequest parse(String limit, String offset, List<FieldError> errors) {
        return new PageRequest(limit(limit, errors), integer("offset", offset, 0, 0, Integer.MAX_VALUE, errors));
    }

    /** The page size alone, for a list paged by a cursor rather than an offset; what is wrong goes to {@code errors}. */
    public static int limit(String limit, List<FieldError> errors) {
        return integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
    }

    private static int integer(String field, String value, int absent, int min, int max, List<FieldError> errors) {
        if (value == null) {
            return absent;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(field, "range", "must be a whole number from " + min
                + (max == Integer.MAX_VALUE ? " up" : " to " + max)));
        return min;
    }
}
