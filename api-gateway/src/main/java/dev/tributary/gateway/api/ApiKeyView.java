package dev.tributary.gateway.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.Set;

/** An API key as it may be shown: never its value or hash. */
@JsonPropertyOrder({"id", "name", "permissions", "createdAt"})
public record ApiKeyView(long id, String name, Set<String> permissions, Instant createdAt) {
}
