package dev.tributary.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;

/** An answer of the API, independent of the transport: HTTP writes it as a response, the Kafka front door as a reply. */
public record ApiAnswer(int status, JsonNode body) {
}
