package dev.tributary.contracts.zeroetl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One of the {@code Errors} RDS reports on an integration: its {@code ErrorCode} and {@code ErrorMessage}. */
public record ProviderError(String code, String message) {

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public ProviderError(@JsonProperty("code") String code, @JsonProperty("message") String message) {
        this.code = code;
        this.message = message;
    }

    /** Events written before errors had a shape carried them as {@code CODE: message} lines. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ProviderError fromLine(String line) {
        int colon = line.indexOf(": ");
        return colon < 0 ? new ProviderError(line, "") : new ProviderError(line.substring(0, colon), line.substring(colon + 2));
    }

    /** As one line, for a status message. */
    @Override
    public String toString() {
        return message == null || message.isEmpty() ? code : code + ": " + message;
    }
}
