package dev.tributary.status.security;

import dev.tributary.contracts.access.ApiKeyCredentials;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.status.persistence.ApiKeyRepository;
import dev.tributary.status.rest.ErrorMappers;
import dev.tributary.support.security.Authentication;
import dev.tributary.support.security.KeyPermissionCache;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Every API call needs a key the gateway granted, with {@link Permissions#INTEGRATION_READ} (dashboards) or
 * {@link Permissions#APPLICATION_ADMIN}; answers 401 or 403 otherwise. The dashboard's page and scripts, and the
 * probes and metrics under {@code /q}, are not API calls and stay open.
 */
@ApplicationScoped
public class ApiKeyFilter {
    private static final Duration CACHE_TTL = Duration.ofSeconds(30);

    @Inject
    ApiKeyRepository keys;

    private KeyPermissionCache permissions;

    @PostConstruct
    void createCache() {
        permissions = new KeyPermissionCache(keyHash -> keys.permissions(keyHash), CACHE_TTL, Clock.systemUTC());
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (Authentication.isOpen(request.getUriInfo().getPath())) {
            return Optional.empty();
        }
        return Authentication.check(request.getHeaderString(HttpHeaders.AUTHORIZATION), permissions,
                        Authentication::mayRead, Permissions.INTEGRATION_READ)
                .map(refusal -> ErrorMappers.error(Response.Status.fromStatusCode(refusal.status()), refusal.message()));
    }

    /** The permissions of the key in {@code authorizationHeader}; none for a missing or unknown key. */
    public Set<String> permissionsOf(String authorizationHeader) {
        return ApiKeyCredentials.fromAuthorizationHeader(authorizationHeader).flatMap(permissions::permissionsOf).orElse(Set.of());
    }

    /** A revoked key must stop working at once, not when its cache entry expires. */
    public void forget(String keyHash) {
        permissions.forget(keyHash);
    }
}
