package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Integration;
import software.amazon.awssdk.services.rds.model.IntegrationNotFoundException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zero-ETL integrations through the gateway, with the RDS stand-in as provider; RDS's own answers are checked. */
class ZeroEtlIT extends EndToEndTest {
    private static final String CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:source-db";
    private static final String INSTANCE = "arn:aws:rds:us-east-1:123456789012:db:source-db";
    private static RdsClient rds;

    @BeforeAll
    static void start() throws Exception {
        rds = RdsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + system.rdsPort)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("e2e", "e2e")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        rds.close();
    }

    private static String body(String name, String source, String extra) {
        return """
                {"type": "ZeroETL", "autoBootstrap": true, "config": {"integrationName": "%s", "sourceArn": "%s",
                 "targetArn": "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/%s", "region": "us-east-1"%s}}"""
                .formatted(name, source, UUID.randomUUID(), extra);
    }

    private static String name() {
        return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode awaitStatus(String id, String status) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> http.gateway("GET", "/integrations/" + id, null).text("status").equals(status));
        return http.gateway("GET", "/integrations/" + id, null).body();
    }

    @Test
    void anIntegrationIsCreatedActiveEditedAndDeletedThroughTheRdsApi() throws Exception {
        String name = name();
        String body = body(name, CLUSTER, """
                , "dataFilter": "include: books.*", "description": "books",
                 "materialize": {"host": "127.0.0.1", "port": %d, "database": "books_replica", "username": "awsuser", "password": "%s"}"""
                .formatted(system.redshiftPort, RedshiftStandIn.DEFAULT_PASSWORD));
        Answer created = http.gateway("POST", "/integrations", body);
        assertEquals(200, created.status(), created.body().toString());
        assertEquals("passed", created.body().get("validationResults").get("status").asText(), created.body().toString());
        String id = created.text("id");

        JsonNode enabled = awaitStatus(id, "enabled");
        assertEquals("active", enabled.get("providerStatus").asText());
        String arn = enabled.get("integrationArn").asText();
        Integration inRds = rds.describeIntegrations(request -> request.integrationIdentifier(arn)).integrations().get(0);
        assertEquals(name, inRds.integrationName());
        assertEquals("include: books.*", inRds.dataFilter());
        assertEquals("<REDACTED>", enabled.get("config").get("materialize").get("password").asText());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode view = http.statusService("/integrations/" + id).body();
            List<String> providerStatuses = new ArrayList<>();
            String materialize = null;
            for (JsonNode entry : view.get("timeline")) {
                if (entry.get("type").asText().equals("ProviderStatusChanged")) {
                    providerStatuses.add(entry.get("outcome").asText());
                }
                if ("materialize".equals(entry.path("step").asText())) {
                    materialize = entry.get("outcome").asText() + ": " + entry.get("message").asText();
                }
            }
            assertEquals(List.of("creating", "active"), providerStatuses);
            assertTrue(materialize != null && materialize.startsWith("skipped: The target reports PostgreSQL"), materialize);
            assertEquals("active", view.get("providerStatus").asText());
        });

        Answer fixedField = http.gateway("PUT", "/integrations/" + id, body(name, INSTANCE, ""));
        assertEquals(400, fixedField.status());
        assertTrue(fixedField.body().toString().contains("config.sourceArn"), fixedField.body().toString());

        String edited = body.replace("include: books.*", "include: books.fiction").replace("\"books\"", "\"fiction only\"");
        edited = edited.replaceFirst("namespace/[0-9a-f-]+", "namespace/" + inRds.targetArn().substring(inRds.targetArn().lastIndexOf('/') + 1));
        Answer edit = http.gateway("PUT", "/integrations/" + id, edited);
        assertEquals(200, edit.status(), edit.body().toString());
        awaitStatus(id, "enabled");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "include: books.fiction".equals(rds.describeIntegrations(request -> request.integrationIdentifier(arn)).integrations().get(0).dataFilter()));

        Answer deleting = http.gateway("DELETE", "/integrations/" + id, null);
        assertEquals(200, deleting.status(), deleting.body().toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> http.gateway("GET", "/integrations/" + id, null).status() == 404);
        assertThrows(IntegrationNotFoundException.class, () -> rds.describeIntegrations(request -> request.integrationIdentifier(arn)));
    }

    @Test
    void rdsFaultsAndProviderTroubleEndInErrorStatusesWithTheirMessages() throws Exception {
        Answer unknownSource = http.gateway("POST", "/integrations", body(name(), "arn:aws:rds:us-east-1:123456789012:cluster:nowhere", ""));
        assertEquals("failed", unknownSource.body().get("validationResults").get("status").asText());
        assertTrue(awaitStatus(unknownSource.text("id"), "createError").get("message").asText().contains("DBClusterNotFoundFault"));

        Answer inaccessibleKey = http.gateway("POST", "/integrations", body(name(), INSTANCE,
                ", \"kmsKeyId\": \"arn:aws:kms:us-east-1:123456789012:key/inaccessible\""));
        assertEquals("passed", inaccessibleKey.body().get("validationResults").get("status").asText(), inaccessibleKey.body().toString());
        assertTrue(awaitStatus(inaccessibleKey.text("id"), "createError").get("message").asText().startsWith("KMSKeyNotAccessibleFault: "));

        String name = name();
        Answer attention = http.gateway("POST", "/integrations", body(name, INSTANCE, ""));
        // as soon as RDS lists it (still creating), the stand-in is told it needs attention
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> !rds.describeIntegrations(request ->
                request.filters(Filter.builder().name("integration-identifier").values(name).build())).integrations().isEmpty());
        control("Action=StandInSetIntegrationStatus&IntegrationIdentifier=" + name
                + "&Status=needs_attention&ErrorCode=BinlogFormat&ErrorMessage=binlog_format+must+be+ROW");
        JsonNode troubled = awaitStatus(attention.text("id"), "recurringValidationError");
        assertEquals("needs_attention", troubled.get("providerStatus").asText());
        assertTrue(troubled.get("message").asText().contains("BinlogFormat: binlog_format must be ROW"), troubled.toString());

        Answer invalid = http.gateway("POST", "/integrations", body("1-bad-name", INSTANCE, ", \"dataFilter\": \"include: books\""));
        assertEquals(400, invalid.status());
        assertTrue(invalid.body().toString().contains("config.integrationName") && invalid.body().toString().contains("config.dataFilter"));
    }

    private static void control(String form) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.rdsPort))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
