package dev.tributary.contracts.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.access.ApiKeyChanged;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/asyncapi.yaml documents every topic and every message type, each on the topic it travels on. */
class AsyncApiDocumentTest {

    @Test
    void theDocumentListsEveryTopicAndMessageWhereItTravels() throws Exception {
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("..", "docs", "asyncapi.yaml")));
        Map<String, String> topicOfChannel = new java.util.HashMap<>();
        document.get("channels").fields().forEachRemaining(channel ->
                topicOfChannel.put(channel.getKey(), channel.getValue().get("address").asText()));
        assertEquals(new HashSet<>(Topics.ALL), new HashSet<>(topicOfChannel.values()), "every topic has a channel");

        for (Map.Entry<String, MessageTypes.Definition> type : MessageTypes.ALL.entrySet()) {
            assertTrue(document.get("components").get("messages").has(type.getKey()), type.getKey() + " is documented");
            Set<String> carriedOn = new HashSet<>();
            document.get("channels").fields().forEachRemaining(channel -> {
                JsonNode messages = channel.getValue().get("messages");
                if (messages != null && messages.has(type.getKey())) {
                    carriedOn.add(channel.getValue().get("address").asText());
                }
            });
            assertEquals(Set.of(type.getValue().topic()), carriedOn, type.getKey() + " is documented on its topic");
        }

        // every message a channel names is a reference to a documented message of that name
        JsonNode components = document.get("components").get("messages");
        document.get("channels").fields().forEachRemaining(channel -> {
            JsonNode messages = channel.getValue().get("messages");
            if (messages != null) {
                messages.fields().forEachRemaining(message -> {
                    assertEquals("#/components/messages/" + message.getKey(), message.getValue().path("$ref").asText(),
                            channel.getKey() + " refers to " + message.getKey());
                    assertTrue(components.has(message.getKey()), message.getKey() + " is a documented message");
                });
            }
        });
        assertEquals(Set.of(Topics.API_KEYS), carriersOf(document, ApiKeyChanged.TYPE), "ApiKeyChanged travels on its topic");
    }

    private static Set<String> carriersOf(JsonNode document, String message) {
        Set<String> topics = new HashSet<>();
        document.get("channels").forEach(channel -> {
            if (channel.path("messages").has(message)) {
                topics.add(channel.get("address").asText());
            }
        });
        return topics;
    }
}
