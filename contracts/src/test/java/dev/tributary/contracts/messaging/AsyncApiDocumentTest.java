package dev.tributary.contracts.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tributary.contracts.Topics;
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
    }
}
