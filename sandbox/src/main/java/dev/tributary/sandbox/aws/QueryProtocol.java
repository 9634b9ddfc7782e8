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
 * {@code <ActionResponse><ActionResult>} answer, and {@code <ErrorResponse>} with an HTTP status for a fault. The STS
 * and Redshift-API stand-ins answer through {@link #handle}; the RDS stand-in, which has faults and paging of its own,
 * shares the form parsing and the escaping.
 */
public final class QueryProtocol {

    /** A fault as AWS reports it: its code, its HTTP status and its message. */
    public static final class Fault extends RuntimeException {
        final String code;
        final int httpStatus;

        public Fault(String code, int httpStatus, String message) {
            super(message);
            this.code = code;
            this.httpStatus = httpStatus;
        }
    }

    private QueryProtocol() {
    }

    /** Answers the request with {@code actions}' result for its Action, in the API's XML namespace. */
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
        } catch (Fault fault) {
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
            throw new Fault("MissingParameter", 400, "The request must contain the parameter " + name + ".");
        }
        return value;
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
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
