package dev.tributary.gateway.rest;

import dev.tributary.gateway.api.GovernanceApi;
import dev.tributary.gateway.api.PolicyView;
import dev.tributary.support.rest.ErrorAnswers;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Policies: row filters and masks on data sources. Every change rebuilds the view of each data source the policy
 * applied to or applies to, with the rules of all the policies on it.
 */
@Path("/policies")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", ref = ErrorAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ErrorAnswers.FORBIDDEN)
public class PolicyResource {
    private static final String YAML = RequestBodies.APPLICATION_YAML;
    private static final String TEXT_YAML = RequestBodies.TEXT_YAML;

    @Inject
    GovernanceApi governance;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    @APIResponse(responseCode = "201", description = "Created; the views of its data sources are being rebuilt",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    public Response create(String body, @Context HttpHeaders headers) {
        return Responses.of(governance.createPolicy(RequestBodies.read(body, headers.getMediaType())));
    }

    @GET
    @APIResponse(responseCode = "200", description = "Every policy",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = PolicyView.class)))
    public Response list() {
        return Responses.of(governance.policies());
    }

    @GET
    @Path("/{id}")
    @APIResponse(responseCode = "200", description = "The policy",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response get(@PathParam("id") String id) {
        return Responses.of(governance.policy(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    @APIResponse(responseCode = "200", description = "Replaced; the views of its data sources, before and now, are being rebuilt",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response replace(@PathParam("id") String id, String body, @Context HttpHeaders headers) {
        return Responses.of(governance.replacePolicy(id, RequestBodies.read(body, headers.getMediaType())));
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted; the views of its data sources are being rebuilt without it")
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response delete(@PathParam("id") String id) {
        governance.deletePolicy(id);
        return Response.noContent().build();
    }
}
