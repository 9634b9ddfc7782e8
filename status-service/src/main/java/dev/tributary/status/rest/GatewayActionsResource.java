package dev.tributary.status.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tributary.contracts.access.ApiKeyCredentials;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.status.security.ApiKeyFilter;
import dev.tributary.support.rest.ErrorAnswers;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * What the dashboard may ask the gateway to do, passed on from the page: the page talks to this service only (one
 * origin, no gateway address or key in it), and the gateway decides with the caller's own key whether it may. The
 * status-service holds no key of its own.
 */
@Path("/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", ref = ErrorAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ErrorAnswers.FORBIDDEN)
public class GatewayActionsResource {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    ApiKeyFilter keys;

    /** Where the gateway's /integrations API is, as this service reaches it. */
    @ConfigProperty(name = "tributary.gateway.url", defaultValue = "http://127.0.0.1:8080")
    URI gateway;

    /** The gateway's answer to validate, documented here; it is passed on as the gateway wrote it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "status", "validationResults", "message"})
    public record ValidateAnswer(String id, IntegrationStatus status, ValidationResults validationResults, String message) {
    }

    /** What the dashboard may offer the caller's key. */
    public record Session(boolean mayValidate) {
    }

    @GET
    @Path("session")
    @APIResponse(responseCode = "200", description = "What the caller's key may do from the dashboard",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Session.class)))
    public Session session(@Context HttpHeaders headers) {
        Set<String> held = keys.permissionsOf(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        return new Session(held.contains(Permissions.APPLICATION_ADMIN));
    }

    /** {@code POST /integrations/{id}/validate} of the gateway, with the caller's key; its answer as it is. */
    @POST
    // ids are digits: nothing else may reach the gateway URL (a dot segment would lead elsewhere on it)
    @Path("integrations/{id: [0-9]{1,19}}/validate")
    @APIResponse(responseCode = "200", description = "The gateway's answer: the check's validation results",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ValidateAnswer.class)))
    @APIResponse(responseCode = "202", description = "The gateway's answer: the check has not finished in time",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ValidateAnswer.class)))
    @APIResponse(responseCode = "409", ref = ErrorAnswers.CONFLICT)
    @APIResponse(responseCode = "502", description = "The gateway could not be reached")
    public Response validate(@PathParam("id") String id, @Context HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/integrations/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                        + "/validate"))
                .header(HttpHeaders.AUTHORIZATION, ApiKeyCredentials.fromAuthorizationHeader(authorization).orElse(""))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> answer = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return Response.status(answer.statusCode()).type(MediaType.APPLICATION_JSON_TYPE).entity(answer.body()).build();
        } catch (IOException e) {
            return ErrorMappers.error(Response.Status.BAD_GATEWAY, "The gateway (" + gateway + ") cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ErrorMappers.error(Response.Status.SERVICE_UNAVAILABLE, "Interrupted while waiting for the gateway; retry.");
        }
    }
}
