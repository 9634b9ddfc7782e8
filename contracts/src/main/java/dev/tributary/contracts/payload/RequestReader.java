package dev.tributary.contracts.payload;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads typed fields out of a JSON tree and collects every broken rule with the field's path,
 * instead of stopping at the first one.
 */
final class RequestReader {
    private final List<FieldError> errors = new ArrayList<>();
    private final SecretValues secrets;

    RequestReader(SecretValues secrets) {
        this.secrets = secrets;
    }

    List<FieldError> errors() {
        return errors;
    }

    void fail(String field, String rule, String message) {
        errors.add(new FieldError(field, rule, message));
    }

    /** The object at {@code field}, or null (with an error when it is required or of the wrong type). */
    JsonNode object(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent.get(name);
        if (isAbsent(node)) {
            if (required) {
                fail(path, "required", "is required");
            }
            return null;
        }
        if (!node.isObject()) {
            fail(path, "type", "must be an object");
            return null;
        }
        return node;
    }

    String string(JsonNode parent, String name, String path, boolean required, int maxLength) {
        JsonNode node = text(parent, name, path, required);
        return node == null ? null : checked(node.textValue(), path, required, maxLength);
    }

    /**
     * A secret field: the value is opened first (a client may have sealed it to the gateway), so the rules apply to
     * the secret itself, not to its sealed form. A sealed value that does not open breaks the rule {@code sealed}.
     */
    String secret(JsonNode parent, String name, String path, boolean required, int maxLength) {
        JsonNode node = text(parent, name, path, required);
        if (node == null) {
            return null;
        }
        String value;
        try {
            value = secrets.open(node.textValue());
        } catch (SecretValues.UnreadableSecretException e) {
            fail(path, "sealed", e.getMessage());
            return null;
        }
        return checked(value, path, required, maxLength);
    }

    /** The text node at {@code name}, or null (with an error when it is required or not text). */
    private JsonNode text(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent.get(name);
        if (isAbsent(node)) {
            if (required) {
                fail(path, "required", "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            fail(path, "type", "must be a string");
            return null;
        }
        return node;
    }

    private String checked(String value, String path, boolean required, int maxLength) {
        if (value.isEmpty() && required) {
            fail(path, "required", "must not be empty");
            return null;
        }
        if (value.length() > maxLength) {
            fail(path, "length", "must be at most " + maxLength + " characters long");
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            fail(path, "characters", "must not contain control characters");
            return null;
        }
        return value;
    }

    String matching(JsonNode parent, String name, String path, boolean required, int maxLength,
                    Pattern pattern, String ruleDescription) {
        String value = string(parent, name, path, required, maxLength);
        if (value != null && !pattern.matcher(value).matches()) {
            fail(path, "pattern", ruleDescription);
            return null;
        }
        return value;
    }

    /** The array at {@code name}, or null (with an error when it is required, empty though required, or not an array). */
    JsonNode array(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent.get(name);
        if (isAbsent(node)) {
            if (required) {
                fail(path, "required", "is required");
            }
            return null;
        }
        if (!node.isArray()) {
            fail(path, "type", "must be an array");
            return null;
        }
        if (required && node.isEmpty()) {
            fail(path, "required", "must not be empty");
            return null;
        }
        return node;
    }

    /** An array of strings, each checked like {@link #string}, with its index in the path; null when absent. */
    List<String> strings(JsonNode parent, String name, String path, boolean required, int maxLength) {
        JsonNode node = array(parent, name, path, required);
        if (node == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int index = 0; index < node.size(); index++) {
            String item = path + "[" + index + "]";
            JsonNode element = node.get(index);
            if (!element.isTextual()) {
                fail(item, "type", "must be a string");
            } else {
                String value = checked(element.textValue(), item, true, maxLength);
                if (value != null) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    Boolean bool(JsonNode parent, String name, String path, boolean required) {
        JsonNode node = parent.get(name);
        if (isAbsent(node)) {
            if (required) {
                fail(path, "required", "is required");
            }
            return null;
        }
        if (!node.isBoolean()) {
            fail(path, "type", "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    Integer integer(JsonNode parent, String name, String path, int min, int max) {
        JsonNode node = parent.get(name);
        if (isAbsent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            fail(path, "type", "must be an integer");
            return null;
        }
        int value = node.intValue();
        if (value < min || value > max) {
            fail(path, "range", "must be between " + min + " and " + max);
            return null;
        }
        return value;
    }

    /** Flags every field of {@code node} that is not in {@code allowed}: a typo must not pass silently. */
    void rejectUnknown(JsonNode node, String pathPrefix, Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                fail(pathPrefix + name, "unknown", "is not a known field here");
            }
        }
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }
}
