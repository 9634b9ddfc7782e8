package dev.tributary.status.rest;

import dev.tributary.support.persistence.DatabaseException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** The view's database being away is a 503 with a hint to retry, not a 500. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response unavailable(DatabaseException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", "5")
                .entity(Map.of("statusCode", 503, "error", "Service Unavailable",
                        "message", "The status view is unavailable; retry shortly."))
                .build();
    }
}
