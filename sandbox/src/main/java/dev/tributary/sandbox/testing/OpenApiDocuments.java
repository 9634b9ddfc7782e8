package dev.tributary.sandbox.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks on a service's OpenAPI document (as JSON), for the services' tests. */
public final class OpenApiDocuments {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private OpenApiDocuments() {
    }

    /** Every operation, as {@code "GET /path"}. */
    public static List<String> operations(JsonNode document) {
        List<String> operations = new ArrayList<>();
        forEachOperation(document, (name, operation) -> operations.add(name));
        return operations;
    }

    /**
     * The 2xx and 4xx answers that name no schema for their body, as {@code "GET /path 200"}, and the operations
     * that document no 2xx answer at all. A 204 has no body, so it must have no content instead.
     */
    public static List<String> answersWithoutSchema(JsonNode document) {
        List<String> missing = new ArrayList<>();
        forEachOperation(document, (name, operation) -> {
            boolean success = false;
            for (Iterator<Map.Entry<String, JsonNode>> responses = operation.path("responses").fields(); responses.hasNext(); ) {
                Map.Entry<String, JsonNode> response = responses.next();
                String code = response.getKey();
                success |= code.startsWith("2");
                if (!code.startsWith("2") && !code.startsWith("4")) {
                    continue;
                }
                JsonNode content = resolved(document, response.getValue()).path("content");
                boolean described = code.equals("204") ? content.isMissingNode() || content.isEmpty()
                        : !content.isEmpty() && allHaveSchemas(content);
                if (!described) {
                    missing.add(name + " " + code);
                }
            }
            if (!success) {
                missing.add(name + " (no 2xx answer)");
            }
        });
        return missing;
    }

    /** The answer itself, or the shared one it refers to ({@code "$ref": "#/components/responses/NotFound"}). */
    private static JsonNode resolved(JsonNode document, JsonNode answer) {
        String ref = answer.path("$ref").asText("");
        String prefix = "#/components/responses/";
        return ref.startsWith(prefix) ? document.path("components").path("responses").path(ref.substring(prefix.length())) : answer;
    }

    private static boolean allHaveSchemas(JsonNode content) {
        for (JsonNode mediaType : content) {
            JsonNode schema = mediaType.path("schema");
            if (!schema.isObject() || schema.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private interface OperationVisitor {
        void visit(String name, JsonNode operation);
    }

    private static void forEachOperation(JsonNode document, OperationVisitor visitor) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                if (METHODS.contains(operation.getKey())) {
                    visitor.visit(operation.getKey().toUpperCase() + " " + path.getKey(), operation.getValue());
                }
            }
        }
    }
}
