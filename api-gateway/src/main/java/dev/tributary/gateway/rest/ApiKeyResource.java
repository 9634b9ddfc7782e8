package dev.tributary.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.gateway.api.ApiKeyView;
import dev.tributary.gateway.api.NewApiKey;
import dev.tributary.gateway.persistence.ApiKeyRepository;
import dev.tributary.gateway.security.ApiKeys;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.support.rest.ErrorAnswers;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * API keys, for admins: {@code POST /api-keys {"name", "permissions": [...]}} answers 201 with the key's value,
 * shown this once; {@code GET /api-keys} lists keys without values; {@code DELETE /api-keys/{id}} revokes one.
 */
@Path("/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", ref = ErrorAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ErrorAnswers.FORBIDDEN)
public class ApiKeyResource {
    @Inject
    ApiKeys apiKeys;
    @Inject
    ApiKeyRepository repository;

    @POST
    @APIResponse(responseCode = "201", description = "The new key, with its value shown this once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NewApiKey.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @Consumes({MediaType.APPLICATION_JSON, RequestBodies.APPLICATION_YAML, RequestBodies.TEXT_YAML})
    public Response create(String body, @Context HttpHeaders headers) {
        JsonNode request = RequestBodies.read(body, headers.getMediaType());
        List<FieldError> errors = new ArrayList<>();
        JsonNode name = request.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 200) {
            errors.add(new FieldError("name", "required", "must be a non-empty string of at most 200 characters"));
        } else if (name.asText().equals(ApiKeys.ADMIN_KEY_NAME)) {
            errors.add(new FieldError("name", "reserved", "'" + ApiKeys.ADMIN_KEY_NAME + "' is the configured admin key's name"));
        }
        Set<String> permissions = new HashSet<>();
        JsonNode requested = request.get("permissions");
        if (requested == null || !requested.isArray() || requested.isEmpty()) {
            errors.add(new FieldError("permissions", "required", "must be a non-empty list of: " + Permissions.ALL));
        } else {
            requested.forEach(permission -> {
                if (!permission.isTextual() || !Permissions.ALL.contains(permission.asText())) {
                    errors.add(new FieldError("permissions", "enum", "must each be one of: " + Permissions.ALL));
                } else {
                    permissions.add(permission.asText());
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        ApiKeys.NewKey created = apiKeys.create(name.asText(), permissions);
        ApiKeyRepository.ApiKeyInfo info = created.info();
        return Response.status(Response.Status.CREATED)
                .entity(new NewApiKey(info.id(), info.name(), info.permissions(), info.createdAt(), created.key())).build();
    }

    @GET
    @APIResponse(responseCode = "200", description = "Every key, without values")
    public List<ApiKeyView> list() {
        return repository.list().stream()
                .map(info -> new ApiKeyView(info.id(), info.name(), info.permissions(), info.createdAt())).toList();
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response revoke(@PathParam("id") long id) {
        if (!apiKeys.revoke(id)) {
            throw new jakarta.ws.rs.NotFoundException("No API key found with ID " + id + ".");
        }
        return Response.noContent().build();
    }
}
