package dev.tributary.status;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.access.Permissions;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.status.persistence.StatusViewRepository;
import dev.tributary.status.persistence.StatusViewRepository.TimelineEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An integration's document carries its latest timeline entries and a link to the older ones, which
 * GET /integrations/{id}/timeline pages through, going back in time, each entry exactly once.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class TimelinePagesTest {
    private static final int ENTRIES = 123;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    StatusViewRepository view;

    private String reader;

    @BeforeEach
    void grantReaderKey() {
        reader = StatusApiKeys.grant(bootstrapServers, Set.of(Permissions.INTEGRATION_READ));
    }

    /**
     * {@value #ENTRIES} entries, three at a time at the same instant (the message id orders them then), so that a
     * cursor by time alone would skip or repeat some. Entry {@code step-i} is the i-th, oldest first.
     */
    private String integrationWithALongTimeline() {
        String id = Long.toString(System.nanoTime() % 1_000_000_000L);
        UUID operation = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-30T09:00:00.123456Z");
        QuarkusTransaction.requiringNew().run(() -> {
            view.apply(List.of(StatusViewRepository.startOperation(id, "Redshift", "host pages.example.com", true,
                    Json.tree(Map.of("host", "pages.example.com")), "creating", "create", operation, at)));
            List<TimelineEntry> entries = new ArrayList<>();
            for (int group = 0; group < ENTRIES / 3; group++) {
                // the three of a group in the order of their message ids, as PostgreSQL orders them (byte by byte, as
                // their text does; UUID.compareTo compares signed halves)
                List<UUID> three = new ArrayList<>(List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()));
                three.sort(Comparator.comparing(UUID::toString));
                for (int k = 0; k < 3; k++) {
                    int index = group * 3 + k;
                    entries.add(new TimelineEntry(three.get(k), id, operation, "create", "StepCompleted", "step-" + index,
                            null, null, "done", null, at.plusSeconds(group)));
                }
            }
            view.appendTimeline(entries);
        });
        return id;
    }

    @Test
    void theDocumentCarriesTheLatestEntriesAndTheOlderPagesHoldEveryOtherOneExactlyOnce() {
        String id = integrationWithALongTimeline();
        JsonPath document = StatusApiKeys.as(reader).get("/integrations/" + id).then().statusCode(200).extract().jsonPath();
        List<String> latest = document.getList("timeline.step");
        assertEquals(IntStream.range(ENTRIES - 50, ENTRIES).mapToObj(i -> "step-" + i).toList(), latest,
                "the latest 50, oldest first");
        String older = document.getString("olderTimeline");
        assertTrue(older.startsWith("/integrations/" + id + "/timeline?before="), older);

        List<String> walked = new ArrayList<>(latest);
        int pages = 0;
        for (String next = older + "&limit=7"; next != null; pages++) {
            JsonPath page = StatusApiKeys.as(reader).get(next).then().statusCode(200).extract().jsonPath();
            List<String> steps = page.getList("entries.step");
            assertTrue(steps.size() <= 7 && !steps.isEmpty(), "a page holds 1 to limit entries: " + steps);
            walked.addAll(0, steps); // each page is oldest first and comes before the one it was linked from
            next = page.getString("older");
        }
        assertEquals(IntStream.range(0, ENTRIES).mapToObj(i -> "step-" + i).toList(), walked,
                "every entry once, in order, over " + pages + " pages");
        assertEquals((ENTRIES - 50 + 6) / 7, pages);
    }

    @Test
    void theTimelineWithoutACursorIsTheLatestPageAndAShortTimelineLinksToNoOlderOne() {
        String id = integrationWithALongTimeline();
        StatusApiKeys.as(reader).get("/integrations/" + id + "/timeline?limit=2").then().statusCode(200)
                .body("entries.step", contains("step-" + (ENTRIES - 2), "step-" + (ENTRIES - 1)))
                .body("older", org.hamcrest.Matchers.startsWith("/integrations/" + id + "/timeline?before="));
        StatusApiKeys.as(reader).get("/integrations/" + id + "/timeline?limit=500").then().statusCode(200)
                .body("entries.size()", equalTo(ENTRIES))
                .body("older", nullValue())
                .body("$", org.hamcrest.Matchers.hasKey("older"));
        StatusApiKeys.as(reader).get("/integrations/nowhere/timeline").then().statusCode(404);
    }

    @Test
    void aBadCursorOrLimitIsA400NamingTheFieldAndTheRule() {
        String id = integrationWithALongTimeline();
        String notACursor = Base64.getUrlEncoder().withoutPadding().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        for (String before : List.of("not*base64", notACursor)) {
            StatusApiKeys.as(reader).queryParam("before", before).get("/integrations/" + id + "/timeline").then().statusCode(400)
                    .body("errors.field", contains("before"))
                    .body("errors[0].rule", equalTo("cursor"));
        }
        for (String limit : List.of("0", "501", "ten", "9".repeat(30))) {
            StatusApiKeys.as(reader).queryParam("limit", limit).get("/integrations/" + id + "/timeline").then().statusCode(400)
                    .body("errors.field", contains("limit"))
                    .body("errors[0].rule", equalTo("range"));
        }
        StatusApiKeys.as(reader).get("/integrations/" + id + "/timeline?before=x&limit=0").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("before", "limit"));
    }

    @Test
    void anIntegrationWithFewEntriesHasNoOlderTimeline() {
        String id = Long.toString(System.nanoTime() % 1_000_000_000L);
        QuarkusTransaction.requiringNew().run(() -> view.apply(List.of(StatusViewRepository.startOperation(id, "Redshift",
                "host pages.example.com", true, Json.tree(Map.of()), "creating", "create", UUID.randomUUID(), Instant.now()))));
        JsonPath document = StatusApiKeys.as(reader).get("/integrations/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), document.getList("timeline"));
        assertNull(document.get("olderTimeline"));
    }
}
