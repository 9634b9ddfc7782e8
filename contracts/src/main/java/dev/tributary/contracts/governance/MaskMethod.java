package dev.tributary.contracts.governance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a masked column reads for a user the mask applies to. */
public enum MaskMethod {
    /** The SHA-256 of the value's text, in lower-case hex: equal values still match, nothing else shows. */
    HASH("hash"),
    /** NULL, in the column's own type. */
    NULL("null"),
    /** A fixed text given with the rule ({@code "value"}). */
    CONSTANT("constant");

    private final String wireName;

    MaskMethod(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<MaskMethod> find(String name) {
        return Arrays.stream(values()).filter(method -> method.wireName.equals(name)).findFirst();
    }

    @JsonCreator
    public static MaskMethod fromWireName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown mask method: " + name));
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(MaskMethod::wireName).collect(Collectors.joining(", "));
    }
}
