package dev.tributary.gateway.security;

import dev.tributary.contracts.access.Permissions;
import dev.tributary.gateway.api.ApiErrors;
import dev.tributary.gateway.rest.Responses;
import dev.tributary.gateway.rest.SealingKeyResource;
import dev.tributary.support.security.Authentication;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Optional;

/**
 * Every API request needs {@code Authorization: <api key>} (or {@code Bearer <api key>}); answers 401 without a
 * known key and 403 without the permission. Health and metrics under {@code /q}, and
 * {@code /ping}, stay open for probes; {@code /sealing-key} is a public key, open to every client that seals.
 */
public class ApiKeyFilter {
    /** What INTEGRATION_READ may read: integrations and their governed data. */
    private static final List<String> READABLE = List.of("/integrations", "/dataSources", "/users", "/policies");

    @Inject
    ApiKeys apiKeys;

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (Authentication.isOpen(path) || path.equals(SealingKeyResource.PATH)) {
            return Optional.empty();
        }
        boolean readsIntegrations = "GET".equals(request.getMethod()) && READABLE.stream().anyMatch(path::startsWith);
        return Authentication.check(request.getHeaderString(HttpHeaders.AUTHORIZATION), apiKeys.permissions(),
                        held -> Permissions.allows(held, readsIntegrations), Permissions.APPLICATION_ADMIN)
                .map(refusal -> Responses.of(ApiErrors.error(Response.Status.fromStatusCode(refusal.status()), refusal.message(), List.of())));
    }
}
