package dev.tributary.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tributary.contracts.payload.FieldError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** The error shape of the /integrations API: {@code {"statusCode", "error", "message"}}, plus field errors for 400s. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(int statusCode, String error, String message, List<FieldError> errors) {

    public static Response response(Response.StatusType status, String message) {
        return response(status, message, List.of());
    }

    public static Response response(Response.StatusType status, String message, List<FieldError> errors) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(status.getStatusCode(), status.getReasonPhrase(), message, errors))
                .build();
    }
}
