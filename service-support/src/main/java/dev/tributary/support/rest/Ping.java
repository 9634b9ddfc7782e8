package dev.tributary.support.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /ping}: 204 and nothing else, open without a key. It goes through the same HTTP stack, filters and
 * worker-thread dispatch as the API's own endpoints but does no work, so its rate is what the framework can give
 * on this machine: the benchmark divides the API's rates by it.
 */
@Path(Ping.PATH)
public class Ping {
    public static final String PATH = "/ping";

    @GET
    @APIResponse(responseCode = "204", description = "No body")
    public Response ping() {
        return Response.noContent().build();
    }
}
