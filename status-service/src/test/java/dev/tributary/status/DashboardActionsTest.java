package dev.tributary.status;

import com.sun.net.httpserver.HttpServer;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dashboard's actions: what a key may do, and validate now passed on to the gateway with the caller's own key.
 * The gateway is played by a plain HTTP server that records what reaches it (GatewayActions in the e2e suite goes
 * through the real one).
 */
@QuarkusTest
@TestProfile(DashboardActionsTest.WithGateway.class)
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class DashboardActionsTest {
    private static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    private static final HttpServer GATEWAY = gateway();

    public static class WithGateway implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tributary.gateway.url", "http://127.0.0.1:" + GATEWAY.getAddress().getPort());
        }
    }

    private static HttpServer gateway() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/integrations/", exchange -> {
                RECEIVED.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = "{\"id\":\"7\",\"status\":\"enabled\",\"validationResults\":{\"status\":\"passed\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopTheGateway() {
        GATEWAY.stop(0);
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void onlyAnAdminKeyIsOfferedValidateNow() {
        String reader = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.INTEGRATION_READ));
        String admin = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.APPLICATION_ADMIN));
        StatusApiKeys.as(reader).get("/dashboard/session").then().statusCode(200).body("mayValidate", equalTo(false));
        StatusApiKeys.as(admin).get("/dashboard/session").then().statusCode(200).body("mayValidate", equalTo(true));
        given().get("/dashboard/session").then().statusCode(401);
    }

    @Test
    void validateNowReachesTheGatewayWithTheCallersKeyAndItsAnswerComesBackAsItIs() {
        String admin = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.APPLICATION_ADMIN));
        StatusApiKeys.as(admin).post("/dashboard/integrations/7/validate").then().statusCode(200)
                .body("status", equalTo("enabled")).body("validationResults.status", equalTo("passed"));
        assertEquals(List.of("POST /integrations/7/validate " + admin), RECEIVED, "the bare key, as the gateway reads it");
    }
}
