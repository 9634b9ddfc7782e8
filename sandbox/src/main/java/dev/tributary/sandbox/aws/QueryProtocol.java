package dev.tributary.sandbox.aws;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The AWS Query protocol as the stand-ins speak it: a form POST with {@code Action}, an XML
 * {@code <ActionResponse><ActionResult>} answer, and {@code <ErrorResponse>} with an HTTP status for an
 * {@link AwsFault}. The RDS, STS and Redshift-API stand-ins answer through {@link #handle}, and read their parameters
 * with the helpers here, which fault as those APIs do.
 */
public final class QueryProtocol {

    private QueryProtocol() {
    }

    /**
     * Answers the request with {@code actions}' result for its Action, in the API's XML namespace. The form carries
     * the request's {@code Authorization} and {@code X-Amz-Security-Token} headers as {@code @Authorization} and
     * {@code @X-Amz-Security-Token}.
     */
    public static void handle(HttpExchange exchange, String namespace, Function<Map<String, String>, String> actions) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (exchange.getRequestURI().getRawQuery() != null) {
                form.putAll(form(exchange.getRequestURI().getRawQuery()));
            }
            form.put("@Authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            form.put("@X-Amz-Security-Token", String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token")));
            String action = form.getOrDefault("Action", "");
            String result = actions.apply(form);
            respond(exchange, 200, "<" + action + "Response xmlns=\"" + namespace + "\"><" + action + "Result>" + result
                    + "</" + action + "Result><ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata></"
                    + action + "Response>");
        } catch (AwsFault fault) {
            respond(exchange, fault.httpStatus, error(namespace, fault.httpStatus >= 500 ? "Receiver" : "Sender", fault.code,
                    fault.getMessage(), requestId));
        } catch (RuntimeException e) {
            respond(exchange, 500, error(namespace, "Receiver", "InternalFailure", String.valueOf(e.getMessage()), requestId));
        } finally {
            exchange.close();
        }
    }

    public static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw new AwsFault("MissingParameter", 400, "The request must contain the parameter " + name + ".");
        }
        return value;
    }

    public static int number(Map<String, String> form, String name, int fallback) {
        try {
            return form.containsKey(name) ? Integer.parseInt(form.get(name)) : fallback;
        } catch (NumberFormatException e) {
            throw AwsFault.invalid(name + " must be a number.");
        }
    }

    /** {@code MaxRecords}, 20 to 100 and 100 when not given, as RDS and Redshift take it. */
    public static int maxRecords(Map<String, String> form) {
        int maxRecords = number(form, "MaxRecords", 100);
        if (maxRecords < 20 || maxRecords > 100) {
            throw AwsFault.invalid("MaxRecords must be between 20 and 100.");
        }
        return maxRecords;
    }

    /** Where the page {@code Marker} names starts: a marker a {@link Page} handed out, or the first page. */
    public static int marker(Map<String, String> form) {
        int start = number(form, "Marker", 0);
        if (start < 0) {
            throw AwsFault.invalid("Marker is not one this endpoint handed out.");
        }
        return start;
    }

    /** Reads a Query-protocol list of pairs ({@code prefix.N.key}, {@code prefix.N.value}) into a map. */
    public static Map<String, String> entries(Map<String, String> form, String prefix, String keyName, String valueName) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int n = 1; form.containsKey(prefix + n + "." + keyName); n++) {
            entries.put(form.get(prefix + n + "." + keyName), form.getOrDefault(prefix + n + "." + valueName, ""));
        }
        return entries;
    }

    public static String element(String name, String value) {
        return value == null ? "" : "<" + name + ">" + xml(value) + "</" + name + ">";
    }

    public static String xml(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String error(String namespace, String type, String code, String message, String requestId) {
        return "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>" + type + "</Type><Code>" + code + "</Code><Message>"
                + xml(message) + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
    }

    /** A form-encoded body (or query string) as its fields, in order. */
    public static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
