package dev.tributary.gateway.rest;

import dev.tributary.gateway.api.ApiAnswer;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Writes an {@link ApiAnswer} as an HTTP response. */
public final class Responses {

    private Responses() {
    }

    public static Response of(ApiAnswer answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(answer.body());
        if (answer.status() == Response.Status.SERVICE_UNAVAILABLE.getStatusCode()) {
            response.header("Retry-After", "5");
        }
        return response.build();
    }
}
