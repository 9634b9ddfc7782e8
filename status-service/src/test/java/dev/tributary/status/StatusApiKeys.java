package dev.tributary.status;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.access.ApiKeyChanged;
import dev.tributary.contracts.access.ApiKeyCredentials;
import dev.tributary.sandbox.testing.TopicRecords;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Keys for the status-service's tests, granted the way the gateway grants them: as records on access.api-keys. */
final class StatusApiKeys {
    private StatusApiKeys() {
    }

    /** A new key with {@code permissions}, once the service accepts it (or refuses it for lack of permission). */
    static String grant(String bootstrapServers, Set<String> permissions) {
        String key = "test-key-" + UUID.randomUUID();
        publish(bootstrapServers, ApiKeyChanged.granted(ApiKeyCredentials.hash(key), "test", permissions));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", key)
                .get("/summary").statusCode() != 401);
        return key;
    }

    static void revoke(String bootstrapServers, String key) {
        publish(bootstrapServers, ApiKeyChanged.revoked(ApiKeyCredentials.hash(key)));
    }

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    private static void publish(String bootstrapServers, ApiKeyChanged change) {
        TopicRecords.send(bootstrapServers, Topics.API_KEYS, change.keyHash(), Json.write(change),
                Map.of("message-type", ApiKeyChanged.TYPE));
    }
}
