package dev.tributary.gateway.api;

import dev.tributary.contracts.payload.ErrorBody;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.gateway.service.IntegrationConflictException;
import dev.tributary.gateway.service.GovernanceNotFoundException;
import dev.tributary.gateway.service.IntegrationNotFoundException;
import dev.tributary.gateway.service.ProviderCallException;
import dev.tributary.support.persistence.DatabaseException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.logging.Logger;

import java.util.List;

/** Turns a failure into the API's error shape {@code {"statusCode", "error", "message"}}, the same for every transport. */
public final class ApiErrors {
    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    public static ApiAnswer answer(Throwable failure) {
        if (failure instanceof InvalidRequestException invalid) {
            return error(Status.BAD_REQUEST, invalid.getMessage(), invalid.errors());
        }
        if (failure instanceof IntegrationNotFoundException || failure instanceof GovernanceNotFoundException) {
            return error(Status.NOT_FOUND, failure.getMessage(), List.of());
        }
        if (failure instanceof IntegrationConflictException) {
            return error(Status.CONFLICT, failure.getMessage(), List.of());
        }
        if (failure instanceof ProviderCallException provider) {
            LOG.warnf("provider call failed: %s", provider.getMessage());
            return error(provider.transientFailure() ? Status.SERVICE_UNAVAILABLE : Status.BAD_GATEWAY, provider.getMessage(), List.of());
        }
        if (failure instanceof DatabaseException) {
            LOG.warnf("registry unavailable: %s", failure.getMessage());
            return error(Status.SERVICE_UNAVAILABLE, "The integration registry is unavailable; retry shortly.", List.of());
        }
        if (failure instanceof WebApplicationException web) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            return error(status, web.getMessage() == null ? status.getReasonPhrase() : web.getMessage(), List.of());
        }
        LOG.error("unexpected failure", failure);
        return error(Status.INTERNAL_SERVER_ERROR, "Unexpected error; it has been logged.", List.of());
    }

    public static ApiAnswer error(Response.StatusType status, String message, List<FieldError> errors) {
        return new ApiAnswer(status.getStatusCode(), new ErrorBody(status.getStatusCode(), status.getReasonPhrase(), message, errors));
    }
}
