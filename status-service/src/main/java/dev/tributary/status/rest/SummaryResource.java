package dev.tributary.status.rest;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.payload.ErrorBody;
import dev.tributary.status.persistence.StatusViewRepository;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /summary}: see {@link Summary}. */
@Path("/summary")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid API key",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
@APIResponse(responseCode = "403", description = "The key may not read integrations",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
public class SummaryResource {
    @Inject
    StatusViewRepository view;

    @GET
    @APIResponse(responseCode = "200", description = "Counts by status and the operations in flight")
    public Summary summary() {
        return Json.convert(view.summary(), Summary.class);
    }
}
