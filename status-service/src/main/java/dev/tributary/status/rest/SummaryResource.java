package dev.tributary.status.rest;

import dev.tributary.contracts.Json;
import dev.tributary.status.persistence.StatusViewRepository;
import dev.tributary.support.rest.ErrorAnswers;
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
@APIResponse(responseCode = "401", ref = ErrorAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ErrorAnswers.FORBIDDEN)
public class SummaryResource {
    @Inject
    StatusViewRepository view;

    @GET
    @APIResponse(responseCode = "200", description = "Counts by status and the operations in flight")
    public Summary summary() {
        return Json.convert(view.summary(), Summary.class);
    }
}
