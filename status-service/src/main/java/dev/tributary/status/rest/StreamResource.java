package dev.tributary.status.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import dev.tributary.status.stream.ViewChanges;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Duration;

/**
 * {@code GET /stream}: every change of the view as a Server-Sent Event named {@code change}, whose id is the
 * causing event's message id and whose data is {@code {"event": {...}, "integration": view}}. A comment every
 * 15 seconds keeps proxies from closing a quiet stream.
 */
@Path("/stream")
public class StreamResource {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    @Inject
    ViewChanges changes;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live changes of the view, optionally for one integration")
    public Multi<OutboundSseEvent> stream(@QueryParam("integrationId") String integrationId, @Context Sse sse) {
        Multi<OutboundSseEvent> updates = changes.listen(integrationId).map(change -> sse.newEventBuilder()
                .name("change")
                .id(change.path("event").path("messageId").asText())
                .data(Json.write(change))
                .build());
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .onOverflow().drop()
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(updates, keepAlive);
    }
}
