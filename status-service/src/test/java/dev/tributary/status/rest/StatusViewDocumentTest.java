package dev.tributary.status.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.OktaSettings;
import dev.tributary.contracts.payload.RedactedRedshiftConfig;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.ProviderError;
import dev.tributary.contracts.zeroetl.ProviderState;
import dev.tributary.sandbox.testing.OpenApiDocuments;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.status.persistence.StatusViewRepository;
import dev.tributary.status.persistence.StatusViewRepository.TimelineEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The records that document the status-service's answers match what it serves: documents the database renders
 * read into them strictly (an unknown field fails) and in their order, every field of them filled in, so the API
 * document cannot drift from the answers. And the API document names a schema for every answer.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "status_service"))
class StatusViewDocumentTest {
    private static final ObjectMapper STRICT = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    @Inject
    StatusViewRepository view;

    private static final RedshiftConfig OKTA = new RedshiftConfig("document.example.com", 5439, "immuta", "dev",
            new Impersonation(true, null), AuthenticationType.OKTA, new OktaSettings("Okta", "idp.example.com", "admin"));

    /** One integration whose operation failed (message, last error) after a step, and one still in flight. */
    private List<String> twoIntegrations() {
        String finished = "doc-" + UUID.randomUUID();
        String running = "doc-" + UUID.randomUUID();
        UUID operation = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-30T09:00:00.123456Z");
        JsonNode results = Json.tree(ValidationResults.of(List.of(
                ValidationTest.passed("Initial Validation: Basic Connection Test", Arrays.asList((Object) null)),
                ValidationTest.failed("Validate Automatic Bootstrap: Immuta Database Does Not Exist", "drop it"))));
        QuarkusTransaction.requiringNew().run(() -> {
            view.apply(List.of(
                    StatusViewRepository.startOperation(finished, "Redshift", "host document.example.com", true,
                            OKTA.redactedView(), "creating", "create", operation, at, null, 2, false),
                    StatusViewRepository.recordValidation(finished, operation, results, at.plusSeconds(1), "singleDatabase"),
                    StatusViewRepository.recordProviderStatus(finished, new ProviderState("arn:aws:rds:x", "needs_attention",
                            List.of(new ProviderError("BinlogFormat", "binlog_format must be ROW")), at), at.plusSeconds(1)),
                    StatusViewRepository.finishOperation(finished, operation, "createError", "drop it", true, at.plusSeconds(2), null),
                    // a check of an integration in error is a timeline row, and its last check
                    StatusViewRepository.recordRevalidation(new TimelineEntry(UUID.randomUUID(), finished, UUID.randomUUID(),
                            "revalidate", "RevalidationCompleted", null, null, null, "passed", null, at.plusSeconds(3)),
                            Json.tree(ValidationResults.of(List.of())), "enabled", null, null, null),
                    StatusViewRepository.startOperation(running, "Redshift", "host running.example.com", false,
                            OKTA.redactedView(), "creating", "create", UUID.randomUUID(), at, null, null, false)));
            view.apply(List.of(StatusViewRepository.recordDataSource(finished, System.nanoTime(), "sales", "public", "orders",
                    "public_governed", "orders", "error", "table public.orders does not exist in database sales",
                    Json.read("[{\"id\": 4, \"name\": \"orders by region\"}]"), at)));
            view.appendTimeline(List.of(new TimelineEntry(UUID.randomUUID(), finished, operation, "create", "StepCompleted",
                    "create-database", at, at.plusMillis(42), "done", "made it", at.plusSeconds(1))));
            // older than the latest entries the document carries, so that it links to them
            view.appendTimeline(IntStream.range(0, 50).mapToObj(i -> new TimelineEntry(UUID.randomUUID(), finished, operation,
                    "create", "StepCompleted", "step-" + i, at, at, "done", "earlier", at.minusSeconds(60 - i))).toList());
        });
        return List.of(finished, running);
    }

    @Test
    void aRenderedDocumentReadsIntoItsRecordStrictlyAndInTheRecordsOrder() throws Exception {
        List<String> ids = twoIntegrations();
        String finished = view.document(ids.get(0)).orElseThrow();
        StatusView read = STRICT.readValue(finished, StatusView.class);
        assertEquals(List.of(), nullComponents(read, "currentOperation"), "every other field is filled in");
        TimelinePage older = STRICT.readValue(view.timeline(ids.get(0), Optional.empty(), 3).orElseThrow(), TimelinePage.class);
        assertEquals(3, older.entries().size());
        assertEquals(List.of(), nullComponents(older.entries().get(0)), "every field of a page's entry is filled in");
        assertInOrder(TimelinePage.class, Json.read(view.timeline(ids.get(0), Optional.empty(), 3).orElseThrow()));
        assertEquals(List.of(), nullComponents(read.timeline().get(0)), "every field of the timeline is filled in");
        assertEquals(List.of(), nullComponents(read.dataSources().get(0)), "every field of a data source is filled in");
        assertEquals(new StatusView.DataSource.Policy("4", "orders by region"), read.dataSources().get(0).policies().get(0));
        assertEquals(List.of(new ProviderError("BinlogFormat", "binlog_format must be ROW")), read.providerErrors());
        assertEquals(Instant.parse("2026-11-30T09:00:00.123456Z"), read.providerCreateTime());
        STRICT.treeToValue(read.config(), RedactedRedshiftConfig.class);
        assertInOrder(StatusView.class, Json.read(finished));

        StatusView running = STRICT.readValue(view.document(ids.get(1)).orElseThrow(), StatusView.class);
        assertNotNull(running.currentOperation().operationId());
        assertEquals(List.of(), running.dataSources(), "an integration without data sources lists none");
        assertEquals(null, running.providerErrors(), "an integration without errors in RDS shows none");
        assertInOrder(StatusView.class, Json.read(view.document(ids.get(1)).orElseThrow()));

        JsonNode listed = Json.tree(view.list(Optional.empty(), Optional.empty(), Optional.of(ids.get(0)), 10, 0));
        StatusPage page = STRICT.treeToValue(listed, StatusPage.class);
        assertEquals(1, page.items().size());
        assertEquals(null, page.items().get(0).timeline(), "the list leaves the timeline out");
        assertInOrder(StatusPage.class, listed);
        assertInOrder(StatusView.class, listed.get("items").get(0));

        JsonNode summary = Json.tree(view.summary());
        assertNotNull(STRICT.treeToValue(summary, Summary.class).oldestOperationAgeSeconds());
        assertInOrder(Summary.class, summary);
    }

    @Test
    void everySuccessAndClientErrorAnswerOfEveryOperationHasASchema() {
        JsonNode document = Json.read(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        assertTrue(OpenApiDocuments.operations(document).containsAll(List.of("GET /integrations", "GET /integrations/{id}",
                "GET /summary", "GET /stream")), "operations: " + OpenApiDocuments.operations(document));
        assertEquals(List.of(), OpenApiDocuments.answersWithoutSchema(document));
        assertTrue(document.path("paths").path("/stream").path("get").path("responses").path("200").path("content")
                .path("text/event-stream").path("schema").path("$ref").asText().endsWith("/ViewChange"));
    }

    @Test
    void theApiDocumentDescribesTheProvidersErrorsAsCodeAndMessageAndItsCreationTimeAsATime() {
        JsonNode schemas = Json.read(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString())
                .path("components").path("schemas");
        JsonNode view = schemas.path("StatusView").path("properties");
        assertEquals("array", view.path("providerErrors").path("type").asText(), view.path("providerErrors").toString());
        String error = view.path("providerErrors").path("items").path("$ref").asText();
        assertTrue(error.endsWith("/ProviderError"), error);
        assertEquals(List.of("code", "message"), fieldNames(schemas.path("ProviderError").path("properties")));
        assertEquals(view.path("updatedAt").path("$ref").asText(), view.path("providerCreateTime").path("$ref").asText(),
                "a time, as updatedAt is: " + view.path("providerCreateTime"));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * The document's fields are the record's, in the record's order, at this level and in the records nested in it
     * (the parts json_build_object builds). validationResults and config are stored as jsonb, which keeps its keys
     * in an order of its own, and are served as the view has always served them.
     */
    private static void assertInOrder(Class<?> type, JsonNode document) {
        List<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        List<String> fields = fieldNames(document);
        assertEquals(components.stream().filter(fields::contains).toList(), fields, type.getSimpleName() + "'s order");
        for (RecordComponent component : type.getRecordComponents()) {
            JsonNode value = document.path(component.getName());
            Class<?> nested = component.getType();
            if (nested.isRecord() && nested.getEnclosingClass() == type && value.isObject()) {
                assertInOrder(nested, value);
            }
            if (nested == List.class && value.isArray() && component.getGenericType() instanceof java.lang.reflect.ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()
                    && (element.getEnclosingClass() == type || element.getEnclosingClass() == StatusView.class)) {
                value.forEach(item -> assertInOrder(element, item));
            }
        }
    }

    private static List<String> nullComponents(Record value, String... allowed) throws Exception {
        List<String> nulls = new ArrayList<>();
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            if (component.getAccessor().invoke(value) == null && !Arrays.asList(allowed).contains(component.getName())) {
                nulls.add(component.getName());
            }
        }
        return nulls;
    }
}
