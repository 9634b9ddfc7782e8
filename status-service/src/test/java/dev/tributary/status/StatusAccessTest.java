package dev.tributary.status;

import dev.tributary.contracts.access.Permissions;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status-service accepts the keys the gateway grants, and only while they are granted. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class StatusAccessTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/stream")
    URI stream;

    @ParameterizedTest
    @ValueSource(strings = {"/integrations", "/integrations/1", "/summary", "/stream"})
    void everyApiEndpointNeedsAKnownKey(String path) {
        given().get(path).then().statusCode(401)
                .body("message", equalTo("An API key is required in the Authorization header."));
        given().header("Authorization", "Bearer not-a-granted-key").get(path).then().statusCode(401)
                .body("message", equalTo("The API key is not valid."));
    }

    @Test
    void aKeyWithoutAReadPermissionIsForbidden() {
        String powerless = StatusApiKeys.grant(bootstrapServers, Set.of());
        StatusApiKeys.as(powerless).get("/integrations").then().statusCode(403)
                .body("message", containsString(Permissions.INTEGRATION_READ));
    }

    @Test
    void readersAndAdminsMayReadUntilTheirKeyIsRevoked() {
        String reader = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.INTEGRATION_READ));
        String admin = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.APPLICATION_ADMIN));
        StatusApiKeys.as(reader).get("/integrations").then().statusCode(200);
        StatusApiKeys.as(admin).get("/summary").then().statusCode(200);

        StatusApiKeys.revoke(bootstrapServers, reader);
        // well under the 30 s the cache keeps a key: the revocation itself must drop it
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                StatusApiKeys.as(reader).get("/integrations").then().statusCode(401));
        StatusApiKeys.as(admin).get("/integrations").then().statusCode(200);
    }

    @Test
    void theDashboardPageAndTheProbesNeedNoKey() {
        given().get("/").then().statusCode(200).body(containsString("Tributary"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/ping").then().statusCode(204);
    }

    @Test
    void anOpenStreamEndsWhenItsKeyIsRevoked() throws Exception {
        String reader = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.INTEGRATION_READ));
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stream)
                .header("Authorization", reader).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            assertTrue(first.startsWith(":") && first.contains("connected"), first);
            StatusApiKeys.revoke(bootstrapServers, reader);
            CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
                try {
                    while (lines.readLine() != null) {
                        // keep reading until the server closes the stream
                    }
                } catch (java.io.IOException closed) {
                    // closed is what we wait for
                }
            });
            ended.get(10, TimeUnit.SECONDS); // long before the 30 s cache or a keep-alive would matter
        }
    }
}
