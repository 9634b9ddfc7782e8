package dev.tributary.gateway.security;

import dev.tributary.gateway.api.ErrorBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;
import java.util.Set;

/**
 * Every API request needs {@code Authorization: <api key>} (or {@code Bearer <api key>}); answers 401 without a
 * known key and 403 without the permission. Health and metrics under {@code /q} stay open for probes.
 */
public class ApiKeyFilter {
    @Inject
    ApiKeys apiKeys;

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/q/")) {
            return Optional.empty();
        }
        String key = apiKey(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            return Optional.of(ErrorBody.response(Response.Status.UNAUTHORIZED, "An API key is required in the Authorization header."));
        }
        Optional<Set<String>> permissions = apiKeys.permissionsOf(key);
        if (permissions.isEmpty()) {
            return Optional.of(ErrorBody.response(Response.Status.UNAUTHORIZED, "The API key is not valid."));
        }
        boolean readsIntegrations = "GET".equals(request.getMethod()) && path.startsWith("/integrations");
        if (!Permissions.allows(permissions.get(), readsIntegrations)) {
            return Optional.of(ErrorBody.response(Response.Status.FORBIDDEN,
                    "This API key lacks the " + Permissions.APPLICATION_ADMIN + " permission."));
        }
        return Optional.empty();
    }

    private static String apiKey(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).trim();
        }
        return value.isEmpty() ? null : value;
    }
}
