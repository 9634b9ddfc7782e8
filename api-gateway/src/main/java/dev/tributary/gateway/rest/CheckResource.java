package dev.tributary.gateway.rest;

import dev.tributary.gateway.api.CheckSweep;
import dev.tributary.gateway.service.CheckScheduler;
import dev.tributary.support.rest.ErrorAnswers;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /checks/sweep}, for admins (APPLICATION_ADMIN, as every change: {@code ApiKeyFilter}): every checkable
 * integration is checked again now rather than when its next check is due, say once a network outage that failed many
 * checks is fixed. 202: the checks are queued by the scheduler's next ticks, not answered within the call. Safe to
 * call again, and from any instance.
 */
@Path("/checks/sweep")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", ref = ErrorAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ErrorAnswers.FORBIDDEN)
public class CheckResource {
    @Inject
    CheckScheduler scheduler;

    @POST
    @APIResponse(responseCode = "202", description = "How many integrations' checks are due now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckSweep.class)))
    public Response sweep() {
        return Response.accepted(new CheckSweep(scheduler.sweep())).build();
    }
}
