package dev.tributary.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The AWS JSON 1.1 protocol as the stand-ins speak it: a POST whose {@code X-Amz-Target} header is
 * {@code <service>.<operation>} and whose body is the input as JSON; the output as JSON, or for an {@link AwsFault}
 * its HTTP status with the code in the {@code x-amzn-ErrorType} header and in the body's {@code __type}, next to
 * {@code message}: what the AWS SDK maps to the operation's modeled exception.
 */
public final class JsonProtocol {
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonProtocol() {
    }

    /** Whether the request is one of this protocol: it names its operation in {@code X-Amz-Target}. */
    public static boolean speaks(HttpExchange exchange) {
        return exchange.getRequestHeaders().containsKey("X-Amz-Target");
    }

    /** Answers the request with {@code operations}' output for the operation of {@code service} it targets. */
    public static void handle(HttpExchange exchange, String service, BiFunction<String, JsonNode, JsonNode> operations) throws IOException {
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        try {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            if (!target.startsWith(service + ".")) {
                throw new AwsFault("UnknownOperationException", 400, "The operation " + target + " is not valid for this endpoint.");
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode input;
            try {
                input = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new AwsFault("SerializationException", 400, "The request body is not JSON.");
            }
            respond(exchange, 200, operations.apply(target.substring(service.length() + 1), input));
        } catch (AwsFault fault) {
            respondWithError(exchange, fault.httpStatus, fault.code, fault.getMessage());
        } catch (RuntimeException e) {
            respondWithError(exchange, 500, "InternalServerException", String.valueOf(e.getMessage()));
        } finally {
            exchange.close();
        }
    }

    /** An input member that must be there: {@code ValidationException} as AWS words it otherwise. */
    public static String required(JsonNode input, String member) {
        JsonNode value = input.path(member);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new AwsFault("ValidationException", 400, "1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value.asText();
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static void respondWithError(HttpExchange exchange, int status, String code, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
        respond(exchange, status, object().put("__type", code).put("message", message));
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
