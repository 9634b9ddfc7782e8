package dev.tributary.contracts.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tributary.contracts.Json;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A record's text with every secret in it replaced by {@code <REDACTED>}, for copies of records that are kept after
 * their operation ended (dead-letter topics), as {@link RedactedConfig} is for what the APIs show. A secret is a
 * sealed value wherever it stands, and every value of a field whose name says it holds a credential: the
 * {@code username} and {@code password} of each credentials block the payload rules read ({@code config},
 * {@code config.okta}, {@code config.materialize}, a DELETE body), the envelopes' {@code sealedCredentials} and
 * {@code sealedPassword}, and, because a rejected request may spell its fields in any way, any field whose name
 * contains one of {@link #SECRET_NAME_PARTS} in any case.
 */
public final class SecretRedaction {
    public static final String REDACTED = RedshiftConfig.REDACTED;

    /** Parts of a field or header name that mark its value as a credential. */
    static final List<String> SECRET_NAME_PARTS = List.of("password", "passwd", "secret", "credential", "token",
            "username", "authorization", "apikey", "api-key", "api_key", "privatekey", "private-key", "private_key");

    /** What every sealed value starts with, whatever its version ({@link dev.tributary.contracts.secrets.SecretSealer}). */
    private static final String SEALED_MARK = "sealed:";

    /** Trailing text after a JSON document is not JSON: a lenient parse would drop it unredacted. */
    private static final ObjectReader STRICT = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SecretRedaction() {
    }

    /** Whether a field or header of this name holds a credential. */
    public static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_NAME_PARTS.stream().anyMatch(lower::contains);
    }

    /**
     * The text with every secret replaced. Text without a secret comes back as it was, to the byte, so an operator
     * sees what was sent; JSON with one comes back as JSON of the same shape.
     */
    public static String redact(String text) {
        if (text == null || text.isBlank()) {
            return text;
        }
        JsonNode tree;
        try {
            tree = STRICT.readTree(text);
        } catch (JsonProcessingException e) {
            // Not JSON: most often a request with a typo, whose password still sits right after its field name,
            // where no parser can tell where the secret ends, so the whole value goes. Text that names no secret
            // field and holds no sealed value carries no credential in any shape Tributary's messages have; it is
            // kept as sent (garbage, a truncated envelope), which is what the operator needs to see.
            return mightHoldSecret(text) ? REDACTED : text;
        }
        if (isSealed(tree)) {
            return Json.write(REDACTED);
        }
        return redactTree(tree) ? Json.write(tree) : text;
    }

    /** A header's value as a dead-letter copy may keep it: {@code <REDACTED>} when its name or value is a secret. */
    public static String redactHeader(String name, String value) {
        return value != null && (isSecretName(name) || value.contains(SEALED_MARK)) ? REDACTED : value;
    }

    private static boolean mightHoldSecret(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains(SEALED_MARK) || SECRET_NAME_PARTS.stream().anyMatch(lower::contains);
    }

    /** Redacts the tree in place; whether anything changed. */
    private static boolean redactTree(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (isSecretName(field.getKey()) && !value.isNull() && !REDACTED.equals(value.textValue())) {
                    field.setValue(TextNode.valueOf(REDACTED));
                    changed = true;
                } else if (isSealed(value)) {
                    field.setValue(TextNode.valueOf(REDACTED));
                    changed = true;
                } else {
                    changed |= redactTree(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (isSealed(array.get(i))) {
                    array.set(i, TextNode.valueOf(REDACTED));
                    changed = true;
                } else {
                    changed |= redactTree(array.get(i));
                }
            }
        }
        return changed;
    }

    private static boolean isSealed(JsonNode value) {
        return value.isTextual() && value.textValue().startsWith(SEALED_MARK);
    }
}
