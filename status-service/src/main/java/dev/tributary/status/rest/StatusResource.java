package dev.tributary.status.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.status.persistence.StatusViewRepository;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The status view over HTTP. */
@Path("/integrations")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
    @Inject
    StatusViewRepository view;

    @GET
    public List<ObjectNode> list(@QueryParam("status") String status, @QueryParam("type") String type) {
        return view.list(Optional.ofNullable(status), Optional.ofNullable(type));
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return view.find(id)
                .map(found -> Response.ok(found).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(Map.of("statusCode", 404, "error", "Not Found",
                                "message", "No integration found with ID " + id + "."))
                        .build());
    }
}
