package dev.tributary.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.payload.IntegrationRequest;
import dev.tributary.contracts.payload.IntegrationRequestParser;
import dev.tributary.gateway.api.ApiAnswer;
import dev.tributary.gateway.api.IntegrationApi;
import dev.tributary.gateway.service.ScriptService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The /integrations API over HTTP; bodies are JSON or YAML by Content-Type, answers are JSON. */
@Path("/integrations")
@Produces(MediaType.APPLICATION_JSON)
public class IntegrationResource {
    private static final String YAML = RequestBodies.APPLICATION_YAML;
    private static final String TEXT_YAML = RequestBodies.TEXT_YAML;

    @Inject
    IntegrationApi api;
    @Inject
    ScriptService scripts;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    public Response create(String body, @Context HttpHeaders headers) {
        return Responses.of(api.create(RequestBodies.read(body, headers.getMediaType())));
    }

    @GET
    public Response list() {
        return Responses.of(api.list());
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return Responses.of(api.get(id));
    }

    @GET
    @Path("/{id}/status")
    public Response status(@PathParam("id") String id) {
        return Responses.of(api.status(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    public Response update(@PathParam("id") String id, String body, @Context HttpHeaders headers) {
        return Responses.of(api.update(id, RequestBodies.read(body, headers.getMediaType())));
    }

    /** The body (privileged credentials) is needed for automatic integrations only, so it may be empty. */
    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, String body, @Context HttpHeaders headers) {
        return Responses.of(api.delete(id, RequestBodies.readOptional(body, headers.getMediaType())));
    }

    @POST
    @Path("/scripts/initial-create")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    public Response initialCreateScript(String body, @Context HttpHeaders headers,
                                        @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.initialCreate(request(body, headers),
                ScriptService.dialect(dialect)));
    }

    @POST
    @Path("/scripts/create")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    public Response createScript(String body, @Context HttpHeaders headers,
                                 @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.create(request(body, headers),
                ScriptService.dialect(dialect)));
    }

    @POST
    @Path("/{id}/scripts/edit")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    public Response editScript(@PathParam("id") String id, String body, @Context HttpHeaders headers,
                               @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.edit(id, request(body, headers),
                ScriptService.dialect(dialect)));
    }

    @POST
    @Path("/scripts/cleanup")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    public Response cleanupScript(String body, @Context HttpHeaders headers,
                                  @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.cleanup(request(body, headers),
                ScriptService.dialect(dialect)));
    }

    @POST
    @Path("/{id}/scripts/delete")
    public Response deleteScript(@PathParam("id") String id,
                                 @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.delete(id, ScriptService.dialect(dialect)));
    }

    private static IntegrationRequest request(String body, HttpHeaders headers) {
        return IntegrationRequestParser.parse(RequestBodies.read(body, headers.getMediaType()));
    }

    private static Response script(ObjectNode answer) {
        return Responses.of(new ApiAnswer(200, answer));
    }
}
