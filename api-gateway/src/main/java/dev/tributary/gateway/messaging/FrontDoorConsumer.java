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
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.nio.charset.StandardCharsets;
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
 */
@ApplicationScoped
public class FrontDoorConsumer {
    public static final String CORRELATION_ID = "correlation-id";
    public static final String AUTHORIZATION = "Authorization";
    private static final Set<String> ACTIONS = Set.of("create", "update", "delete", "get", "list");

    @Inject
    IntegrationApi api;
    @Inject
    ApiKeys apiKeys;
    @Inject
    EventPublisher publisher;

    private record Request(String action, String id, JsonNode body) {
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
                default -> api.list();
            };
        } catch (RuntimeException e) {
            return ApiErrors.answer(e);
        }
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
        return new Request(action, id == null ? null : id.asText(), node.get("body"));
    }

    /** The REST answer plus {@code statusCode}; a list answers {@code {"statusCode", "items": [...]}}. */
    private void reply(String correlationId, String integrationId, ApiAnswer answer) {
        JsonNode body = Json.tree(answer.body());
        ObjectNode value;
        if (body != null && body.isObject()) {
            value = (ObjectNode) body;
            value.put("statusCode", answer.status());
        } else {
            value = JsonNodeFactory.instance.objectNode();
            value.put("statusCode", answer.status());
            value.set("items", body);
        }
        String key = integrationId != null ? integrationId : value.path("id").asText(correlationId);
        publisher.publish(List.of(new Outgoing(Topics.REPLIES, key, Map.of(CORRELATION_ID, correlationId), Json.write(value))));
    }

    private static Optional<String> header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
