package dev.tributary.status.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.status.rest.StatusView;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** One change of the view, as {@code GET /stream} sends it: the event that caused it and the view after it. */
@JsonPropertyOrder({"event", "integration"})
public record ViewChange(Cause event,
                         @JsonInclude(JsonInclude.Include.ALWAYS) // null once the integration is gone from the view
                         @Schema(implementation = StatusView.class,
                                 description = "The view with its data sources, without its timeline, or null once it is gone")
                         JsonNode integration) {

    @JsonPropertyOrder({"type", "messageId", "integrationId", "occurredAt"})
    public record Cause(String type, UUID messageId, String integrationId, Instant occurredAt) {
    }
}
