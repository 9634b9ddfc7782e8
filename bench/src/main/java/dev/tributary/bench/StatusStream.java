package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Learns from the status-service's change stream ({@code GET /stream}) when integrations reach {@code enabled} or
 * an error. A pushed change costs the measured system one read of the view and adds no polling interval to the
 * figures; polling the gateway every 2 ms took CPU from the very setups it timed.
 */
final class StatusStream implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Map<String, CompletableFuture<String>> outcomes = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    /** Why the stream ended, once it has: every wait, now or later, fails with it instead of timing out. */
    private volatile RuntimeException ended;

    /** Opens the stream and returns once the service says it is subscribed. */
    StatusStream(int statusPort, String apiKey) throws Exception {
        response = CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort + "/stream"))
                .header("Authorization", apiKey).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(this::read, "status-stream");
        reader.setDaemon(true);
        reader.start();
        connected.get(30, TimeUnit.SECONDS);
    }

    /** Waits until integration {@code id} is enabled; fails if it ends in an error status instead. */
    void awaitEnabled(String id, Duration timeout) throws Exception {
        String status = outcome(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!status.equals("enabled")) {
            throw new IllegalStateException("integration " + id + " ended " + status);
        }
    }

    private void read() {
        RuntimeException end = new IllegalStateException("the status stream ended");
        try (Stream<String> lines = response.get().body()) {
            if (response.get().statusCode() != 200) {
                throw new IllegalStateException("GET /stream answered " + response.get().statusCode());
            }
            lines.forEach(line -> {
                if (line.startsWith(":") && line.contains("connected")) {
                    connected.complete(null);
                } else if (line.startsWith("data:")) {
                    JsonNode integration = Json.read(line.substring("data:".length())).path("integration");
                    String status = integration.path("status").asText();
                    if (status.equals("enabled") || status.endsWith("Error")) {
                        outcome(integration.path("id").asText()).complete(status);
                    }
                }
            });
        } catch (Exception e) {
            end = new IllegalStateException("the status stream failed: " + e.getMessage(), e);
        } finally {
            ended = end;
            connected.completeExceptionally(end);
            outcomes.values().forEach(outcome -> outcome.completeExceptionally(ended));
        }
    }

    /** Whichever comes first, the change or the wait for it, finds the same future; none waits on an ended stream. */
    private CompletableFuture<String> outcome(String id) {
        CompletableFuture<String> outcome = outcomes.computeIfAbsent(id, key -> new CompletableFuture<>());
        if (ended != null) {
            outcome.completeExceptionally(ended);
        }
        return outcome;
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(answer -> answer.body().close());
    }
}
