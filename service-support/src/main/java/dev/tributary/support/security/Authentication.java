package dev.tributary.support.security;

import dev.tributary.contracts.access.ApiKeyCredentials;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.support.rest.Ping;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The decision every service makes about a request's {@code Authorization} header: who may pass, and if not,
 * the status (401 or 403) and a message for the caller. Each service turns a refusal into its own error body.
 */
public final class Authentication {
    private Authentication() {
    }

    /** Paths open without a key: probes and metrics under {@code /q}, and {@code /ping}. */
    public static boolean isOpen(String path) {
        return path.startsWith("/q/") || path.equals(Ping.PATH);
    }

    /** Why a request was turned away. */
    public record Refusal(int status, String message) {
    }

    /**
     * @param permitted whether the key's permissions allow this request
     * @param needed    the permission named in the 403 message
     */
    public static Optional<Refusal> check(String authorizationHeader, KeyPermissionCache keys,
                                          Predicate<Set<String>> permitted, String needed) {
        Optional<String> key = ApiKeyCredentials.fromAuthorizationHeader(authorizationHeader);
        if (key.isEmpty()) {
            return Optional.of(new Refusal(401, "An API key is required in the Authorization header."));
        }
        Optional<Set<String>> permissions = keys.permissionsOf(key.get());
        if (permissions.isEmpty()) {
            return Optional.of(new Refusal(401, "The API key is not valid."));
        }
        if (!permitted.test(permissions.get())) {
            return Optional.of(new Refusal(403, "This API key lacks the " + needed + " permission."));
        }
        return Optional.empty();
    }

    /** Dashboards and other readers: any key that may read integrations. */
    public static boolean mayRead(Set<String> permissions) {
        return Permissions.allows(permissions, true);
    }
}
