package dev.tributary.status.rest;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.access.ApiKeyCredentials;
import io.smallrye.common.annotation.Blocking;
import dev.tributary.status.stream.ViewChange;
import dev.tributary.status.stream.ViewChanges;
import io.smallrye.mutiny.Multi;
import dev.tributary.support.rest.ErrorAnswers;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Duration;

/**
 * {@code GET /stream}: every change of the view as a Server-Sent Event named {@code change}, whose id is the
 * causing event's message id and whose data is {@code {"event": {...}, "integration": view}}. It opens with a
 * {@code : connected} comment, sends {@code : keep-alive} every 15 seconds so proxies keep a quiet stream open, and
 * ends with a comment when the key it was opened with is revoked.
 */
@Path("/stream")
@APIResponse(responseCode = "401", ref = ErrorAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ErrorAnswers.FORBIDDEN)
public class StreamResource {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final String REVOKED = "the API key was revoked";

    @Inject
    ViewChanges changes;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking // the key check may read the database
    @Operation(summary = "Live changes of the view, optionally for one integration")
    @APIResponse(responseCode = "200", description = "Server-Sent Events named change; each one's data is a ViewChange",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = ViewChange.class)))
    public Multi<OutboundSseEvent> stream(@QueryParam("integrationId") String integrationId,
                                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context Sse sse) {
        String keyHash = ApiKeyCredentials.fromAuthorizationHeader(authorization).map(ApiKeyCredentials::hash).orElse("");
        Multi<OutboundSseEvent> updates = changes.listen(integrationId).map(change -> sse.newEventBuilder()
                .name("change")
                .id(change.event().messageId().toString())
                .data(Json.write(change))
                .build());
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .onOverflow().drop()
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        // a stream lives no longer than the key it was opened with
        Multi<OutboundSseEvent> revoked = changes.revocations().filter(keyHash::equals)
                .map(hash -> sse.newEventBuilder().comment(REVOKED).build());
        // the first comment says the stream is subscribed: every change from then on will be sent
        Multi<OutboundSseEvent> connected = Multi.createFrom().item(sse.newEventBuilder().comment("connected").build());
        return Multi.createBy().concatenating().streams(connected,
                        Multi.createBy().merging().streams(updates, keepAlive, revoked))
                .select().first(event -> !REVOKED.equals(event.getComment())); // ends the stream at a revocation
    }
}
