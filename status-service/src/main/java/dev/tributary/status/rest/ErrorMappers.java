package dev.tributary.status.rest;

import dev.tributary.contracts.payload.ErrorBody;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.support.persistence.DatabaseException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Errors in the gateway's shape: a bad query is a 400 naming the parameter, the view's database away a 503. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response unavailable(DatabaseException e) {
        Response response = error(Response.Status.SERVICE_UNAVAILABLE, "The status view is unavailable; retry shortly.", List.of());
        response.getHeaders().add("Retry-After", "5");
        return response;
    }

    public static Response error(Response.Status status, String message) {
        return error(status, message, List.of());
    }

    private static Response error(Response.Status status, String message, List<FieldError> errors) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(status.getStatusCode(), status.getReasonPhrase(), message, errors))
                .build();
    }
}
