package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.sandbox.redshift.RedshiftStandIn;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the running system's HTTP APIs with the admin key, as a client of Tributary would. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body) {
        String text(String field) {
            return body.get(field).asText();
        }
    }

    private final RunningSystem system;

    Http(RunningSystem system) {
        this.system = system;
    }

    Answer gateway(String method, String path, String body) throws Exception {
        return call(method, system.gatewayPort, path, body);
    }

    /** POSTs an automatic setup of {@code database} on the Redshift stand-in, reached through {@code host}. */
    Answer createAutomatic(String host, String database) throws Exception {
        return gateway("POST", "/integrations", """
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s", "port": %d,
                 "database": "%s", "initialDatabase": "dev", "authenticationType": "userPassword",
                 "username": "awsuser", "password": "%s"}}""".formatted(host, system.redshiftPort, database,
                RedshiftStandIn.DEFAULT_PASSWORD));
    }

    /** The HTTP status of a service's readiness check. */
    int health(String service) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.portOf(service) + "/q/health/ready"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    Answer statusService(String path) throws Exception {
        return call("GET", system.statusPort, path, null);
    }

    Answer statusService(String method, String path) throws Exception {
        return call(method, system.statusPort, path, null);
    }

    private Answer call(String method, int port, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", system.adminKey())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? null : Json.read(response.body()));
    }
}
