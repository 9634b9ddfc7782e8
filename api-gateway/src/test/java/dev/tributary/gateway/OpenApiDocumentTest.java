package dev.tributary.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.sandbox.testing.OpenApiDocuments;
import dev.tributary.sandbox.testing.TributaryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /q/openapi documents the body of every answer, so that clients can be generated from it. */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "api_gateway_access"))
class OpenApiDocumentTest {

    private static JsonNode document() {
        return Json.read(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    }

    @Test
    void everySuccessAndClientErrorAnswerOfEveryOperationHasASchema() {
        JsonNode document = document();
        assertTrue(OpenApiDocuments.operations(document).containsAll(List.of("GET /integrations", "POST /integrations",
                "GET /integrations/{id}", "POST /integrations/scripts/create", "POST /api-keys", "DELETE /api-keys/{id}")),
                "operations: " + OpenApiDocuments.operations(document));
        assertEquals(List.of(), OpenApiDocuments.answersWithoutSchema(document));
    }

    @Test
    void anIntegrationsConfigIsOneOfTheTwoRedactedConfigs() {
        JsonNode schemas = document().path("components").path("schemas");
        JsonNode config = schemas.path("IntegrationView").path("properties").path("config");
        assertEquals(List.of("#/components/schemas/RedactedRedshiftConfig", "#/components/schemas/RedactedZeroEtlConfig"),
                config.path("oneOf").findValuesAsText("$ref"), config.toString());
        assertTrue(schemas.path("RedactedRedshiftConfig").path("properties").has("okta"));
        assertTrue(schemas.path("ErrorBody").path("properties").has("errors"));
    }
}
