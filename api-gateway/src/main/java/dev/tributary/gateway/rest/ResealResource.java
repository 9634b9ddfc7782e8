package dev.tributary.gateway.rest;

import dev.tributary.contracts.secrets.SealingKeyTool;
import dev.tributary.gateway.api.ResealReport;
import dev.tributary.gateway.service.Resealing;
import dev.tributary.support.rest.ErrorAnswers;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /admin/reseal}, for admins: the step of a sealing-key rotation that runs inside the deployment. An
 * endpoint rather than a one-shot mode of the gateway, because the gateway that answers already holds the new ring,
 * its database and the admin check: a rotation needs a {@code curl} (through a port-forward in Kubernetes), not a Job
 * that would repeat the gateway's settings and Secret. Safe to call again, and from any instance.
 */
@Path(SealingKeyTool.RESEAL_PATH)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", ref = ErrorAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ErrorAnswers.FORBIDDEN)
public class ResealResource {
    @Inject
    Resealing resealing;

    @POST
    @APIResponse(responseCode = "200", description = "What was re-sealed, and which keys are still needed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ResealReport.class)))
    public ResealReport reseal() {
        return resealing.resealStoredValues();
    }
}
