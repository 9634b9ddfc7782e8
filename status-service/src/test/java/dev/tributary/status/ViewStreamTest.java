package dev.tributary.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.DataSourceChanged;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.OperationStarted;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.sandbox.testing.TopicRecords;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /stream} sends each change of the view as a Server-Sent Event, optionally for one integration. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class ViewStreamTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/stream")
    URI stream;

    /** One parsed Server-Sent Event. */
    private record SseEvent(String name, String id, JsonNode data) {
    }

    @Test
    void aFilteredStreamSendsEveryChangeOfItsIntegrationAndNothingElse() throws Exception {
        String reader = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.INTEGRATION_READ));
        String watched = "sse" + (System.nanoTime() % 1_000_000L);
        String other = watched + "-other";
        BlockingQueue<SseEvent> received = new LinkedBlockingQueue<>();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stream + "?integrationId=" + watched))
                .header("Authorization", reader).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        String opening = lines.readLine();
        assertTrue(opening.startsWith(":") && opening.contains("connected"), "the stream says when it is subscribed: " + opening);
        Thread listener = new Thread(() -> readEvents(lines, received), "sse-listener");
        listener.setDaemon(true);
        listener.start();

        UUID operation = UUID.randomUUID();
        Envelope started = started(watched, operation);
        Envelope succeeded = Envelope.of(MessageTypes.OPERATION_SUCCEEDED, watched, operation, OperationFinished.succeeded(Operation.CREATE));
        // a data source's change is a change of its integration's view
        Envelope dataSource = Envelope.of(MessageTypes.DATA_SOURCE_CHANGED, watched, UUID.randomUUID(), new DataSourceChanged(
                System.nanoTime(), null, "public", "orders", "public_governed", "orders", "creating", null, List.of()));
        publish(started(other, UUID.randomUUID()));
        publish(started);
        publish(succeeded);
        publish(dataSource);
        publish(succeeded); // a duplicate changes nothing, so it is not sent

        SseEvent first = received.poll(30, TimeUnit.SECONDS);
        SseEvent second = received.poll(30, TimeUnit.SECONDS);
        assertNotNull(first, "no change arrived");
        assertNotNull(second, "the second change did not arrive");
        assertEquals("change", first.name());
        assertEquals(started.messageId().toString(), first.id());
        assertEquals(MessageTypes.OPERATION_STARTED, first.data().path("event").path("type").asText());
        assertEquals("creating", first.data().path("integration").path("status").asText());
        assertEquals(succeeded.messageId().toString(), second.id());
        assertEquals("enabled", second.data().path("integration").path("status").asText());
        SseEvent third = received.poll(30, TimeUnit.SECONDS);
        assertNotNull(third, "the data source's change did not arrive");
        assertEquals(dataSource.messageId().toString(), third.id());
        JsonNode governed = third.data().path("integration");
        assertEquals("enabled", governed.path("status").asText(), "a data source does not move the integration's status");
        assertEquals("orders", governed.path("dataSources").path(0).path("view").path("name").asText(), governed.toString());
        assertEquals("creating", governed.path("dataSources").path(0).path("status").asText());
        assertTrue(governed.path("timeline").isMissingNode(), "the stream leaves the timeline out");
        List<SseEvent> more = new ArrayList<>();
        SseEvent extra = received.poll(2, TimeUnit.SECONDS);
        if (extra != null) {
            more.add(extra);
        }
        assertEquals(List.of(), more, "other integrations' changes and duplicates must not be sent");
        response.body().close();
    }

    private void publish(Envelope event) {
        TopicRecords.send(bootstrapServers, Topics.EVENTS, event.integrationId(), EnvelopeCodec.encode(event), EnvelopeCodec.headers(event));
    }

    private static Envelope started(String id, UUID operation) {
        RedshiftConfig config = new RedshiftConfig("stream.example.com", 5439, "immuta", "dev", Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
        return Envelope.of(MessageTypes.OPERATION_STARTED, id, operation, new OperationStarted(Operation.CREATE,
                Operation.CREATE.inProgress(), IntegrationType.REDSHIFT, true, config.targetDescription(), config.redactedView()));
    }

    private static void readEvents(BufferedReader lines, BlockingQueue<SseEvent> received) {
        try (lines) {
            String name = null;
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        received.add(new SseEvent(name, id, Json.read(data.toString())));
                    }
                    name = null;
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (java.io.IOException e) {
            // the test closed the stream
        }
    }
}
