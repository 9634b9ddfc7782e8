package dev.tributary.gateway.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.Set;

/** The answer to creating an API key: the key as {@link ApiKeyView} shows it, and its value, shown this once. */
@JsonPropertyOrder({"id", "name", "permissions", "createdAt", "key"})
public record NewApiKey(long id, String name, Set<String> permissions, Instant createdAt, String key) {
}
