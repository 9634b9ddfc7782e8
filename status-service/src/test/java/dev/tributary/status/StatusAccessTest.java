package dev.tributary.status;

import dev.tributary.contracts.access.Permissions;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The status-service accepts the keys the gateway grants, and only while they are granted. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class StatusAccessTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

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
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                StatusApiKeys.as(reader).get("/integrations").then().statusCode(401));
        StatusApiKeys.as(admin).get("/integrations").then().statusCode(200);
    }

    @Test
    void theDashboardPageAndTheProbesNeedNoKey() {
        given().get("/").then().statusCode(200).body(containsString("Tributary"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
