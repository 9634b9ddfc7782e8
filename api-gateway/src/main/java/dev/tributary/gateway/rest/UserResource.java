package dev.tributary.gateway.rest;

import dev.tributary.gateway.api.GovernanceApi;
import dev.tributary.gateway.api.UserView;
import dev.tributary.support.rest.ErrorAnswers;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
 * Users' entitlements, by database user name: the attributes row filters match and the groups filters and mask
 * exceptions name. A user without an entry sees no row through any governed view.
 */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", ref = ErrorAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ErrorAnswers.FORBIDDEN)
public class UserResource {
    @Inject
    GovernanceApi governance;

    @PUT
    @Path("/{userName}")
    @Consumes({MediaType.APPLICATION_JSON, RequestBodies.APPLICATION_YAML, RequestBodies.TEXT_YAML})
    @APIResponse(responseCode = "200", description = "Replaced",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "201", description = "A new user",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    public Response put(@PathParam("userName") String userName, String body, @Context HttpHeaders headers) {
        return Responses.of(governance.putUser(userName, RequestBodies.read(body, headers.getMediaType())));
    }

    @GET
    @APIResponse(responseCode = "200", description = "Every user that is not deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = UserView.class)))
    public Response list() {
        return Responses.of(governance.users());
    }

    @GET
    @Path("/{userName}")
    @APIResponse(responseCode = "200", description = "The user's entitlements",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response get(@PathParam("userName") String userName) {
        return Responses.of(governance.user(userName));
    }

    @DELETE
    @Path("/{userName}")
    @APIResponse(responseCode = "204", description = "Deleted; the targets remove the user's entry")
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response delete(@PathParam("userName") String userName) {
        governance.deleteUser(userName);
        return Response.noContent().build();
    }
}
