package dev.tributary.gateway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.gateway.api.ApiAnswer;
import dev.tributary.gateway.api.ApiErrors;
import dev.tributary.gateway.api.Channel;
import dev.tributary.gateway.api.IntegrationApi;
import dev.tributary.gateway.security.ApiKeys;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.support.security.Authentication;
import dev.tributary.support.messaging.EventPublisher;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.rest.PageRequest;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Kafka front door: requests on {@code integration.requests} ({@code Authorization} and {@code correlation-id}
 * headers, value {@code {"action", "id", "body"}}) go through the same {@link IntegrationApi} as HTTP requests, and
 * the answer goes to {@code integration.replies} with the same correlation id. A record that is not a request gets
 * an error reply (when it carries a correlation id) and goes to {@code integration.requests.dlq} with the reason.
 * Requests are handled concurrently, so one create waiting for its validation holds up no other.
 *
 * <p>A {@code list} answers one page ({@code limit}, {@code offset}: {@link PageRequest}'s rules, as over HTTP), and
 * no reply is larger than the replies' producer sends ({@code max.request.size}): a page that would be is cut, and
 * {@code nextOffset} says where the next one starts.
 */
@ApplicationScoped
public class FrontDoorConsumer {
    public static final String CORRELATION_ID = "correlation-id";
    public static final String AUTHORIZATION = "Authorization";
    private static final Set<String> ACTIONS = Set.of("create", "update", "delete", "get", "list");
    /** Kafka's own default of max.request.size, for a producer that sets none. */
    static final int KAFKA_DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /**
     * What a reply's record holds besides its key, value and correlation id: the batch's and the record's framing
     * (under 100 bytes in Kafka's own estimate) and room for headers the publisher may add.
     */
    static final int RECORD_FRAMING = 512;

    @Inject
    IntegrationApi api;
    @Inject
    ApiKeys apiKeys;
    @Inject
    EventPublisher publisher;
    @Inject
    Config config;

    private record Request(String action, String id, JsonNode body, JsonNode limit, JsonNode offset) {
    }

    /** A page of the list before it is fitted into a reply: {@code items} from {@code offset} of {@code total}. */
    private record Page(List<?> items, long total, int limit, int offset) {
    }

    @Incoming("requests")
    @Blocking(ordered = false)
    public void onRequest(ConsumerRecord<String, String> record) {
        Optional<String> correlationId = header(record, CORRELATION_ID);
        try {
            if (correlationId.isEmpty()) {
                throw new MalformedMessageException("the correlation-id header is missing");
            }
            Request request = parse(record.value());
            reply(correlationId.get(), request.id(), answer(header(record, AUTHORIZATION), request));
        } catch (MalformedMessageException e) {
            correlationId.ifPresent(id -> reply(id, null,
                    ApiErrors.error(Status.BAD_REQUEST, "Not a valid request: " + e.getMessage(), List.of())));
            throw e;
        }
    }

    private ApiAnswer answer(Optional<String> authorization, Request request) {
        boolean reads = request.action().equals("get") || request.action().equals("list");
        Optional<Authentication.Refusal> refusal = Authentication.check(authorization.orElse(null), apiKeys.permissions(),
                held -> Permissions.allows(held, reads), Permissions.APPLICATION_ADMIN);
        if (refusal.isPresent()) {
            return ApiErrors.error(Status.fromStatusCode(refusal.get().status()), refusal.get().message(), List.of());
        }
        try {
            return switch (request.action()) {
                case "create" -> api.create(request.body(), Channel.KAFKA);
                case "update" -> api.update(request.id(), request.body(), Channel.KAFKA);
                case "delete" -> api.delete(request.id(), request.body(), Channel.KAFKA);
                case "get" -> api.get(request.id());
                default -> list(PageRequest.parse(text(request.limit()), text(request.offset())));
            };
        } catch (RuntimeException e) {
            return ApiErrors.answer(e);
        }
    }

    private ApiAnswer list(PageRequest page) {
        IntegrationApi.IntegrationPage integrations = api.list(page);
        return new ApiAnswer(200, new Page(integrations.items(), integrations.total(), page.limit(), page.offset()));
    }

    /** A paging field's text, to be read by the rules of a query parameter; null when left out. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static Request parse(String value) {
        JsonNode node;
        try {
            node = value == null ? null : Json.MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("the value is not JSON (at " + Json.position(e) + ")");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedMessageException("the value is not a JSON object");
        }
        String action = node.path("action").asText("");
        if (!ACTIONS.contains(action)) {
            throw new MalformedMessageException("unknown action '" + action + "'; expected one of " + ACTIONS);
        }
        JsonNode id = node.get("id");
        boolean needsId = !action.equals("create") && !action.equals("list");
        if (needsId && (id == null || !(id.isTextual() || id.isIntegralNumber()))) {
            throw new MalformedMessageException("action " + action + " needs an id");
        }
        return new Request(action, id == null ? null : id.asText(), node.get("body"), node.get("limit"), node.get("offset"));
    }

    /**
     * The REST answer plus {@code statusCode}; a list answers {@code {"statusCode", "items": [...], "total", "limit",
     * "offset", "nextOffset"}}. A reply that would not fit in one record of the replies' producer is an error instead.
     */
    private void reply(String correlationId, String integrationId, ApiAnswer answer) {
        ObjectNode value = answer.body() instanceof Page page ? pageReply(page, maxValueBytes(correlationId, correlationId))
                : withStatus(answer);
        String key = integrationId != null ? integrationId : value.path("id").asText(correlationId);
        String text = Json.write(value);
        if (bytes(text) > maxValueBytes(key, correlationId)) {
            text = Json.write(tooLarge("The answer (" + bytes(text) + " bytes) is larger than one reply may be"
                    + " (max.request.size of the replies' producer: " + maxRequestSize() + " bytes); read it over HTTP."));
        }
        publisher.publish(List.of(new Outgoing(Topics.REPLIES, key, Map.of(CORRELATION_ID, correlationId), text)));
    }

    private static ObjectNode withStatus(ApiAnswer answer) {
        JsonNode body = Json.tree(answer.body());
        ObjectNode value = body != null && body.isObject() ? (ObjectNode) body : JsonNodeFactory.instance.objectNode().set("items", body);
        value.put("statusCode", answer.status());
        return value;
    }

    private static ObjectNode tooLarge(String message) {
        return withStatus(ApiErrors.error(Status.REQUEST_ENTITY_TOO_LARGE, message, List.of()));
    }

    /**
     * The page's items from the first, as many as fit in {@code budget} bytes of JSON; {@code nextOffset} is where the
     * next page starts (null after the last). Sizes add up exactly: the items' JSON joined by commas inside the rest.
     */
    private static ObjectNode pageReply(Page page, int budget) {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        value.put("statusCode", 200);
        value.putArray("items");
        value.put("total", page.total());
        value.put("limit", page.limit());
        value.put("offset", page.offset());
        value.put("nextOffset", Integer.MAX_VALUE); // the widest it can be, while the items are counted
        int size = bytes(Json.write(value));
        List<JsonNode> fitting = new ArrayList<>();
        for (Object item : page.items()) {
            JsonNode tree = Json.tree(item);
            int more = bytes(Json.write(tree)) + (fitting.isEmpty() ? 0 : 1);
            if (size + more > budget) {
                break;
            }
            size += more;
            fitting.add(tree);
        }
        if (fitting.isEmpty() && !page.items().isEmpty()) {
            // one view alone is larger than a reply may be: it can be read over HTTP only
            return tooLarge("The integration at offset " + page.offset() + " is larger than one reply may be"
                    + " (max.request.size of the replies' producer); read it over HTTP, and go on from offset "
                    + (page.offset() + 1) + ".");
        }
        value.withArray("items").addAll(fitting);
        int next = page.offset() + fitting.size();
        if (next < page.total()) {
            value.put("nextOffset", next);
        } else {
            value.putNull("nextOffset");
        }
        return value;
    }

    /**
     * The most bytes a reply's value may have: the producer refuses a record larger than its max.request.size
     * (the channel's, else the connector-wide kafka.max.request.size, else Kafka's default), key and headers included.
     */
    private int maxValueBytes(String key, String correlationId) {
        return maxRequestSize() - RECORD_FRAMING - bytes(key) - bytes(CORRELATION_ID) - bytes(correlationId);
    }

    private int maxRequestSize() {
        return config.getOptionalValue("mp.messaging.outgoing.out." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.class)
                .or(() -> config.getOptionalValue("kafka." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.class))
                .orElse(KAFKA_DEFAULT_MAX_REQUEST_SIZE);
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Optional<String> header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
