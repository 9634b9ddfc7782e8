package dev.tributary.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.InvalidRequestException;
import jakarta.ws.rs.core.MediaType;

/** Reads a request body as JSON or YAML, by its Content-Type, into a tree the payload rules can check. */
public final class RequestBodies {
    public static final String APPLICATION_YAML = "application/yaml";
    public static final String TEXT_YAML = "text/yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RequestBodies() {
    }

    /** Like {@link #read}, but an empty body is allowed and reads as null. */
    public static JsonNode readOptional(String body, MediaType contentType) {
        return body == null || body.isBlank() ? null : read(body, contentType);
    }

    public static JsonNode read(String body, MediaType contentType) {
        boolean yaml = contentType != null && contentType.getSubtype().toLowerCase().contains("yaml");
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException(new FieldError("body", "required", "must not be empty"));
        }
        try {
            return (yaml ? YAML : Json.MAPPER).readTree(body);
        } catch (JsonProcessingException e) {
            // only the position: the parser's own message quotes the offending text, which may be a password
            throw new InvalidRequestException(new FieldError("body", yaml ? "yaml" : "json",
                    "is not valid " + (yaml ? "YAML" : "JSON") + " (at " + Json.position(e) + ")"));
        }
    }
}
