package dev.tributary.gateway.rest;

import dev.tributary.gateway.api.ApiErrors;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure becomes the API's JSON error shape; no stack trace reaches a client. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response map(Throwable failure) {
        return Responses.of(ApiErrors.answer(failure));
    }
}
