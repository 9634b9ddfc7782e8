package dev.tributary.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The front door's list comes in pages, by the REST list's rules, and no reply is larger than the replies' producer
 * may send: here 8 KiB, a handful of integrations' views.
 */
@QuarkusTest
@TestProfile(FrontDoorPagingTest.SmallReplies.class)
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway_paging"))
class FrontDoorPagingTest {
    private static final String ADMIN = "test-admin-key-of-at-least-32-bytes";
    private static final int MAX_REQUEST_SIZE = 8192;
    private static final int INTEGRATIONS = 30;

    /** Records of at most 8 KiB on the channel that sends the replies; creates answer without waiting long. */
    public static class SmallReplies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.out.max.request.size", Integer.toString(MAX_REQUEST_SIZE),
                    "tributary.validation-wait", "100ms");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @BeforeEach
    void aFleetOfIntegrations() {
        int existing = given().header("Authorization", ADMIN).get("/integrations").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
        for (int i = existing; i < INTEGRATIONS; i++) {
            given().header("Authorization", ADMIN).contentType("application/json").body("""
                    {"type": "Redshift", "autoBootstrap": true, "config": {"host": "fd-page-%s.example.com",
                     "database": "immuta", "initialDatabase": "dev", "authenticationType": "userPassword",
                     "username": "awsuser", "password": "Front-Door-Pw1"}}""".formatted(UUID.randomUUID()))
                    .post("/integrations").then().statusCode(202);
        }
    }

    @Test
    void aListPagedWithLimitAndOffsetReachesEveryIntegrationExactlyOnce() {
        Set<String> expected = new HashSet<>(given().header("Authorization", ADMIN).get("/integrations").then()
                .statusCode(200).extract().jsonPath().getList("id", String.class));
        assertEquals(INTEGRATIONS, expected.size());

        List<String> seen = new ArrayList<>();
        Integer offset = 0;
        while (offset != null) {
            JsonNode page = reply(list("\"limit\": 4, \"offset\": " + offset)).value;
            assertEquals(200, page.get("statusCode").asInt(), page.toString());
            assertEquals(4, page.get("limit").asInt());
            assertEquals(offset, page.get("offset").asInt());
            assertEquals(INTEGRATIONS, page.get("total").asInt());
            assertTrue(page.get("items").size() <= 4, page.toString());
            page.get("items").forEach(item -> seen.add(item.get("id").asText()));
            offset = page.get("nextOffset").isNull() ? null : page.get("nextOffset").asInt();
        }
        assertEquals(INTEGRATIONS, seen.size(), "each once: " + seen);
        assertEquals(expected, new HashSet<>(seen));

        JsonNode beyond = reply(list("\"offset\": " + INTEGRATIONS)).value;
        assertEquals(0, beyond.get("items").size());
        assertTrue(beyond.get("nextOffset").isNull());
    }

    @Test
    void aBadLimitOrOffsetIsAnErrorReplyNamingTheFieldAndTheRule() {
        for (String bad : List.of("\"limit\": 0", "\"limit\": 501", "\"limit\": \"ten\"", "\"limit\": 2.5", "\"limit\": {}")) {
            JsonNode refused = reply(list(bad)).value;
            assertEquals(400, refused.get("statusCode").asInt(), bad + ": " + refused);
            assertEquals("limit", refused.get("errors").get(0).get("field").asText(), bad + ": " + refused);
            assertEquals("range", refused.get("errors").get(0).get("rule").asText());
            assertEquals("must be a whole number from 1 to 500", refused.get("errors").get(0).get("message").asText());
        }
        JsonNode both = reply(list("\"limit\": -1, \"offset\": -1")).value;
        assertEquals(400, both.get("statusCode").asInt());
        assertEquals(List.of("limit", "offset"), fields(both));
    }

    @Test
    void aPageLargerThanOneReplyMayBeIsCutAndSaysWhereToGoOn() {
        Reply whole = reply(list("\"limit\": 500"));
        JsonNode page = whole.value;
        assertEquals(200, page.get("statusCode").asInt(), page.toString());
        int items = page.get("items").size();
        assertTrue(items > 0 && items < INTEGRATIONS, "cut: " + items + " of " + INTEGRATIONS);
        assertEquals(items, page.get("nextOffset").asInt());
        assertTrue(whole.bytes <= MAX_REQUEST_SIZE, whole.bytes + " bytes");

        JsonNode rest = reply(list("\"limit\": 500, \"offset\": " + items)).value;
        assertEquals(items, rest.get("offset").asInt());
        assertTrue(rest.get("items").size() > 0);

        JsonNode defaults = reply(list("")).value;
        assertEquals(50, defaults.get("limit").asInt(), "the REST list's default");
        assertEquals(0, defaults.get("offset").asInt());
    }

    private record Reply(JsonNode value, int bytes) {
    }

    private String list(String paging) {
        String correlationId = UUID.randomUUID().toString();
        String value = "{\"action\": \"list\"" + (paging.isEmpty() ? "" : ", " + paging) + "}";
        TopicRecords.send(bootstrapServers, Topics.REQUESTS, "caller", value,
                Map.of("Authorization", ADMIN, "correlation-id", correlationId));
        return correlationId;
    }

    private Reply reply(String correlationId) {
        ConsumerRecord<String, String> reply = TopicRecords.await(bootstrapServers, Topics.REPLIES,
                record -> correlationId.equals(TopicRecords.header(record, "correlation-id")), Duration.ofSeconds(30));
        return new Reply(Json.read(reply.value()), reply.serializedValueSize());
    }

    private static List<String> fields(JsonNode error) {
        List<String> fields = new ArrayList<>();
        error.get("errors").forEach(each -> fields.add(each.get("field").asText()));
        return fields;
    }
}
