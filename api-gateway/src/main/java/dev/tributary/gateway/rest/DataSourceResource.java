package dev.tributary.gateway.rest;

import dev.tributary.gateway.api.DataSourceView;
import dev.tributary.gateway.api.GovernanceApi;
import dev.tributary.support.rest.ErrorAnswers;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** One data source by its id; they are registered and listed under {@code /integrations/{id}/dataSources}. */
@Path("/dataSources")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", ref = ErrorAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ErrorAnswers.FORBIDDEN)
public class DataSourceResource {
    @Inject
    GovernanceApi governance;

    @GET
    @Path("/{id}")
    @APIResponse(responseCode = "200", description = "The data source, a deleted one too",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DataSourceView.class)))
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response get(@PathParam("id") String id) {
        return Responses.of(governance.dataSource(id));
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "202", description = "The view is being dropped (status deleting); then the data source is deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DataSourceView.class)))
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ErrorAnswers.CONFLICT)
    public Response delete(@PathParam("id") String id) {
        return Responses.of(governance.deleteDataSource(id));
    }
}
