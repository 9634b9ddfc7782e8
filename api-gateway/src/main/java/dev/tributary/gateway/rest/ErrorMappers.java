package dev.tributary.gateway.rest;

import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.support.persistence.DatabaseException;
import dev.tributary.gateway.service.IntegrationConflictException;
import dev.tributary.gateway.service.IntegrationNotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into the API's JSON error shape; no stack trace ever reaches a client. */
public class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return ErrorBody.response(Response.Status.BAD_REQUEST, e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response notFound(IntegrationNotFoundException e) {
        return ErrorBody.response(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(IntegrationConflictException e) {
        return ErrorBody.response(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unavailable(DatabaseException e) {
        LOG.warnf("registry unavailable: %s", e.getMessage());
        return Response.fromResponse(ErrorBody.response(Response.Status.SERVICE_UNAVAILABLE,
                "The integration registry is unavailable; retry shortly.")).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return ErrorBody.response(status, e.getMessage() == null ? status.getReasonPhrase() : e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return ErrorBody.response(Response.Status.INTERNAL_SERVER_ERROR, "Unexpected error; it has been logged.");
    }
}
