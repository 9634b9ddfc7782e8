package dev.tributary.gateway;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.access.ApiKeyChanged;
import dev.tributary.contracts.access.ApiKeyCredentials;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may call what (every endpoint), and YAML bodies on every endpoint that takes a body. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway_access"))
class AccessAndFormatsTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DataSource dataSource;

    private static final String ADMIN = "test-admin-key-of-at-least-32-bytes";
    private static String readerKey;

    private record Endpoint(String method, String path, boolean reads) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/integrations", true),
            new Endpoint("GET", "/integrations/1", true),
            new Endpoint("GET", "/integrations/1/status", true),
            new Endpoint("POST", "/integrations", false),
            new Endpoint("PUT", "/integrations/1", false),
            new Endpoint("DELETE", "/integrations/1", false),
            new Endpoint("POST", "/integrations/scripts/initial-create", false),
            new Endpoint("POST", "/integrations/scripts/create", false),
            new Endpoint("POST", "/integrations/1/scripts/edit", false),
            new Endpoint("POST", "/integrations/scripts/cleanup", false),
            new Endpoint("POST", "/integrations/1/scripts/delete", false),
            new Endpoint("GET", "/api-keys", false),
            new Endpoint("POST", "/api-keys", false),
            new Endpoint("DELETE", "/api-keys/999", false));

    private static String manualYaml(String host) {
        return """
                type: Redshift
                autoBootstrap: false
                config:
                  host: %s
                  database: yaml_db
                  initialDatabase: dev
                  impersonation:
                    enabled: true
                  authenticationType: userPassword
                  username: yaml_system
                  password: Yaml-Passw0rd
                """.formatted(host);
    }

    @BeforeEach
    void createReaderKey() {
        if (readerKey == null) {
            readerKey = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                    .body("{\"name\": \"dashboard\", \"permissions\": [\"INTEGRATION_READ\"]}")
                    .post("/api-keys").then().statusCode(201)
                    .body("permissions", equalTo(List.of("INTEGRATION_READ")))
                    .extract().path("key");
        }
    }

    private static Response call(Endpoint endpoint, String key) {
        var request = given().contentType(ContentType.JSON).body("{}");
        if (key != null) {
            request.header("Authorization", key);
        }
        return request.request(endpoint.method(), endpoint.path());
    }

    @Test
    void everyEndpointNeedsAKeyAndTheRightPermission() {
        for (Endpoint endpoint : ENDPOINTS) {
            String name = endpoint.method() + " " + endpoint.path();
            assertEquals(401, call(endpoint, null).statusCode(), name + " without a key");
            assertEquals(401, call(endpoint, "not-a-key").statusCode(), name + " with an unknown key");
            int asReader = call(endpoint, readerKey).statusCode();
            if (endpoint.reads()) {
                assertTrue(asReader == 200 || asReader == 404, name + " as a reader: " + asReader);
            } else {
                assertEquals(403, asReader, name + " as a reader");
            }
            int asAdmin = call(endpoint, "Bearer " + ADMIN).statusCode();
            assertTrue(asAdmin != 401 && asAdmin != 403 && asAdmin < 500, name + " as admin: " + asAdmin);
        }
    }

    @Test
    void keysAreShownOnceListedWithoutValueAndCanBeRevoked() {
        Response created = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"name\": \"short-lived\", \"permissions\": [\"APPLICATION_ADMIN\"]}").post("/api-keys");
        created.then().statusCode(201);
        String key = created.path("key");
        int id = created.path("id");
        given().header("Authorization", key).get("/integrations").then().statusCode(200);
        given().header("Authorization", ADMIN).get("/api-keys").then().statusCode(200)
                .body(not(containsString(key)))
                .body("find { it.id == " + id + " }.name", equalTo("short-lived"));
        given().header("Authorization", ADMIN).delete("/api-keys/" + id).then().statusCode(204);
        given().header("Authorization", key).get("/integrations").then().statusCode(401);

        // the other services learn the grant and the revocation from access.api-keys, by hash only
        String keyHash = ApiKeyCredentials.hash(key);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ApiKeyChanged> changes = TopicRecords.readAll(bootstrapServers, Topics.API_KEYS).stream()
                    .filter(record -> record.key().equals(keyHash))
                    .peek(record -> assertFalse(record.value().contains(key), "the key itself is on the topic"))
                    .map(record -> Json.convert(Json.read(record.value()), ApiKeyChanged.class))
                    .toList();
            assertEquals(List.of(false, true), changes.stream().map(ApiKeyChanged::revoked).toList());
            assertEquals(Set.of(Permissions.APPLICATION_ADMIN), changes.get(0).permissions());
        });
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"permissions\": [\"ROOT\"]}").post("/api-keys")
                .then().statusCode(400).body("errors[0].field", equalTo("permissions"));
    }

    @Test
    void everyEndpointWithABodyTakesYaml() {
        String host = "yaml-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        for (String path : List.of("/integrations/scripts/initial-create", "/integrations/scripts/create", "/integrations/scripts/cleanup")) {
            given().header("Authorization", ADMIN).contentType("application/yaml")
                    .body(manualYaml(host).getBytes(StandardCharsets.UTF_8)).post(path + "?dialect=postgresql")
                    .then().statusCode(200).body("dialect", equalTo("postgresql")).body("script", containsString("yaml"));
        }
        String id = given().header("Authorization", ADMIN).contentType("text/yaml")
                .body(manualYaml(host).getBytes(StandardCharsets.UTF_8)).post("/integrations")
                .then().statusCode(202).extract().path("id");
        given().header("Authorization", ADMIN).contentType("application/yaml")
                .body(manualYaml(host).getBytes(StandardCharsets.UTF_8)).post("/integrations/" + id + "/scripts/edit")
                .then().statusCode(200).body("database", equalTo("yaml_db"));
        // the create has not finished (no workers here), so an edit is refused with the current state named
        given().header("Authorization", ADMIN).contentType("application/yaml")
                .body(manualYaml(host).getBytes(StandardCharsets.UTF_8)).put("/integrations/" + id)
                .then().statusCode(409).body("message", equalTo("Unable to edit integration with ID " + id + " in current state creating."));
        given().header("Authorization", ADMIN).contentType("application/yaml")
                .body("authenticationType: userPassword\nusername: a\npassword: b\n".getBytes(StandardCharsets.UTF_8))
                .delete("/integrations/" + id)
                .then().statusCode(400).body("message", containsString("Credentials are not required for disable unless"));
        given().header("Authorization", ADMIN).contentType("application/yaml")
                .body("name: from-yaml\npermissions: [INTEGRATION_READ]\n".getBytes(StandardCharsets.UTF_8)).post("/api-keys")
                .then().statusCode(201).body("name", equalTo("from-yaml"));
        given().header("Authorization", ADMIN).contentType("application/yaml")
                .body("type: [unclosed".getBytes(StandardCharsets.UTF_8)).post("/integrations")
                .then().statusCode(400).body("errors[0].rule", equalTo("yaml"));
    }

    @Test
    void aKeyRevokedOnAnotherGatewayInstanceStopsWorkingHereAtOnce() throws Exception {
        Response created = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"name\": \"revoked-elsewhere\", \"permissions\": [\"INTEGRATION_READ\"]}").post("/api-keys");
        String key = created.path("key");
        given().header("Authorization", key).get("/integrations").then().statusCode(200); // now in this instance's cache

        // what another instance's revoke does: the row goes, and the revocation is published
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM api_key WHERE key_hash = ?")) {
            delete.setString(1, ApiKeyCredentials.hash(key));
            assertEquals(1, delete.executeUpdate());
        }
        ApiKeyChanged revoked = ApiKeyChanged.revoked(ApiKeyCredentials.hash(key));
        TopicRecords.send(bootstrapServers, Topics.API_KEYS, revoked.keyHash(), Json.write(revoked),
                Map.of("message-type", ApiKeyChanged.TYPE));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().header("Authorization", key).get("/integrations").then().statusCode(401));
    }
}
