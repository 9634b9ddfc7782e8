package dev.tributary.gateway.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.payload.IntegrationRequest;
import dev.tributary.contracts.payload.IntegrationRequestParser;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.service.IntegrationService;
import dev.tributary.gateway.service.ValidationWait;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The /integrations API. Reads answer from the gateway's registry (its write model), so an integration is visible
 * the moment its create returns; the status-service offers the richer read view.
 */
@Path("/integrations")
@Produces(MediaType.APPLICATION_JSON)
public class IntegrationResource {
    @Inject
    IntegrationService service;
    @Inject
    ValidationWait validationWait;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, RequestBodies.APPLICATION_YAML, RequestBodies.TEXT_YAML})
    public Response create(String body, @Context HttpHeaders headers) {
        IntegrationRequest request = IntegrationRequestParser.parse(RequestBodies.read(body, headers.getMediaType()));
        long id = service.create(request);
        IntegrationRecord record = validationWait.await(id);
        ObjectNode answer = IntegrationViews.status(record);
        if (record.validationResults() == null) {
            answer.put("message", "Validation has not finished within " + validationWait.limit().toSeconds()
                    + "s; poll GET /integrations/" + id + " for its results.");
            return Response.accepted(answer).build();
        }
        return Response.ok(answer).build();
    }

    @GET
    public ArrayNode list() {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        service.list().forEach(record -> all.add(IntegrationViews.full(record)));
        return all;
    }

    @GET
    @Path("/{id}")
    public ObjectNode get(@PathParam("id") String id) {
        return IntegrationViews.full(service.get(id));
    }

    @GET
    @Path("/{id}/status")
    public ObjectNode status(@PathParam("id") String id) {
        IntegrationRecord record = service.get(id);
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("id", record.idText());
        status.put("status", record.status().wireName());
        return status;
    }
}
