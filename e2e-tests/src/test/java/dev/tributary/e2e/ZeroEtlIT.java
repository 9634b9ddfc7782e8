package dev.tributary.e2e;

import dev.tributary.sandbox.tls.StandInTls;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.zeroetl.TargetPolicy;
import dev.tributary.e2e.Http.Answer;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Integration;
import software.amazon.awssdk.services.rds.model.IntegrationNotFoundException;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.utils.AttributeMap;

import javax.net.ssl.SSLContext;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zero-ETL integrations through the gateway, with the RDS stand-in as provider and the Redshift-API stand-in as the
 * targets' management API; what RDS and Redshift hold afterwards is read back with the AWS SDK.
 */
class ZeroEtlIT extends EndToEndTest {
    private static final String CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:source-db";
    private static final String INSTANCE = "arn:aws:rds:us-east-1:123456789012:db:source-db";
    private static final String POSTGRES_CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:source-pg";
    /** Sources whose parameters the preflight tests spoil and restore (RunningSystem's TRIBUTARY_RDS_SOURCES). */
    private static final String PREFLIGHT_MYSQL = "arn:aws:rds:us-east-1:123456789012:cluster:preflight-mysql";
    private static final String PREFLIGHT_POSTGRES = "arn:aws:rds:us-east-1:123456789012:cluster:preflight-pg";
    private static final String AUTHORISES = "Validate Zero-ETL: Target Authorises The Source";
    private static RdsClient rds;
    private static RedshiftClient redshift;

    @BeforeAll
    static void start() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("e2e", "e2e"));
        rds = RdsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + system.rdsPort)).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        // the stand-in's certificate is self-signed
        redshift = RedshiftClient.builder().endpointOverride(URI.create("https://127.0.0.1:" + system.redshiftApiPort))
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().buildWithDefaults(AttributeMap.builder()
                        .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, Boolean.TRUE).build())).build();
    }

    @AfterAll
    static void stop() {
        rds.close();
        redshift.close();
    }

    /** A create with only what RDS's CreateIntegration takes (no region, no autoBootstrap), plus {@code extra}. */
    private static String body(String name, String source, String target, String extra) {
        return """
                {"type": "ZeroETL", "config": {"integrationName": "%s", "sourceArn": "%s", "targetArn": "%s"%s}}"""
                .formatted(name, source, target, extra);
    }

    private static final String AUTHORIZE = ", \"authorizeTarget\": true";

    private static String name() {
        return "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new target in the Redshift-API stand-in: a provisioned cluster's or a serverless namespace's ARN. */
    private static String target(boolean serverless, String extra) throws Exception {
        String id = UUID.randomUUID().toString();
        String arn = serverless ? "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/" + id
                : "arn:aws:redshift:us-east-1:123456789012:namespace:" + id;
        redshiftApiControl(Map.of("Action", "StandInPutTarget", "Kind", serverless ? "serverless" : "provisioned",
                "NamespaceArn", arn, "Name", "e2e-" + id.substring(0, 8)), extra);
        return arn;
    }

    private static JsonNode awaitStatus(String id, String status) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> http.gateway("GET", "/integrations/" + id, null).text("status").equals(status));
        return body(id);
    }

    private static JsonNode body(String id) throws Exception {
        return http.gateway("GET", "/integrations/" + id, null).body();
    }

    private static JsonNode test(Answer answer, String name) {
        for (JsonNode test : answer.body().get("validationResults").get("validationTests")) {
            if (test.get("name").asText().equals(name)) {
                return test;
            }
        }
        throw new AssertionError("no test " + name + " in " + answer.body());
    }

    private static List<Integration> inRds(String name) {
        return rds.describeIntegrations(request -> request.filters(Filter.builder().name("integration-identifier")
                .values(name).build())).integrations();
    }

    @Test
    void aCreateWithOnlyTheRdsParametersAuthorisesTheTargetAndIsFollowedUntilActive() throws Exception {
        String name = name();
        String target = target(false, "");
        Answer created = http.gateway("POST", "/integrations", body(name, CLUSTER, target, AUTHORIZE
                + ", \"dataFilter\": \"include: books.*\", \"description\": \"books\""));
        assertEquals(200, created.status(), created.body().toString());
        assertEquals("passed", created.body().get("validationResults").get("status").asText(), created.body().toString());
        String id = created.text("id");

        JsonNode enabled = awaitStatus(id, "enabled");
        assertEquals("us-east-1", enabled.get("config").get("region").asText());
        assertEquals("active", enabled.get("providerStatus").asText());
        assertTrue(enabled.hasNonNull("providerCreateTime"), enabled.toString());
        String arn = enabled.get("integrationArn").asText();
        Integration integration = rds.describeIntegrations(request -> request.integrationIdentifier(arn)).integrations().get(0);
        assertEquals(name, integration.integrationName());
        assertEquals("include: books.*", integration.dataFilter());
        // the target's policy, read back through the Redshift API, now authorises this source and its account
        String policy = redshift.getResourcePolicy(request -> request.resourceArn(target)).resourcePolicy().policy();
        assertEquals(List.of(), new TargetPolicy(target, CLUSTER).missingFrom(policy), policy);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of("done"),
                steps(id, "authorize-target")));

        Answer fixedField = http.gateway("PUT", "/integrations/" + id, body(name, INSTANCE, target, ""));
        assertEquals(400, fixedField.status());
        assertTrue(fixedField.body().toString().contains("config.sourceArn"), fixedField.body().toString());
        Answer edit = http.gateway("PUT", "/integrations/" + id, body(name, CLUSTER, target,
                ", \"dataFilter\": \"include: books.fiction\", \"description\": \"fiction only\""));
        assertEquals(200, edit.status(), edit.body().toString());
        awaitStatus(id, "enabled");
        await().atMost(Duration.ofSeconds(30)).until(() -> "include: books.fiction".equals(
                rds.describeIntegrations(request -> request.integrationIdentifier(arn)).integrations().get(0).dataFilter()));

        assertEquals(200, http.gateway("DELETE", "/integrations/" + id, null).status());
        await().atMost(Duration.ofSeconds(60)).until(() -> http.gateway("GET", "/integrations/" + id, null).status() == 404);
        assertThrows(IntegrationNotFoundException.class, () -> rds.describeIntegrations(request -> request.integrationIdentifier(arn)));
    }

    @Test
    void aRegionThatDisagreesWithTheSourceIsRefusedNamingBoth() throws Exception {
        Answer refused = http.gateway("POST", "/integrations", body(name(), CLUSTER, target(false, ""),
                ", \"region\": \"eu-west-1\""));
        assertEquals(400, refused.status());
        String errors = refused.body().toString();
        assertTrue(errors.contains("config.region") && errors.contains("eu-west-1") && errors.contains("us-east-1"), errors);
    }

    @Test
    void aTargetWhosePolicyLacksTheStatementsFailsItsTestWithTheStatementsToAdd() throws Exception {
        for (boolean serverless : List.of(false, true)) {
            String name = name();
            String target = target(serverless, "");
            Answer refused = http.gateway("POST", "/integrations", body(name, CLUSTER, target, ""));
            assertEquals("failed", test(refused, AUTHORISES).get("status").asText(), refused.body().toString());
            String message = test(refused, AUTHORISES).get("message").asText();
            assertTrue(message.contains(TargetPolicy.AUTHORIZE) && message.contains(TargetPolicy.CREATE)
                    && message.contains(CLUSTER) && message.contains("authorizeTarget"), message);
            awaitStatus(refused.text("id"), "createError");
            assertEquals(List.of(), inRds(name), "nothing was created in RDS");

            // once a person adds the statements the message gave, the same request passes
            redshift.putResourcePolicy(request -> request.resourceArn(target)
                    .policy(new TargetPolicy(target, CLUSTER).mergedInto(null)));
            Answer created = http.gateway("POST", "/integrations", body(name(), CLUSTER, target, ""));
            assertEquals("passed", test(created, AUTHORISES).get("status").asText(), created.body().toString());
            deleteWhenEnabled(created.text("id"));
        }
    }

    @Test
    void eachPreflightFailsWithItsMessageWhenAParameterIsWrong() throws Exception {
        try {
            rdsControl("StandInSetSourceParameter", "SourceArn", PREFLIGHT_MYSQL, "ParameterName", "binlog_format", "ParameterValue", "MIXED");
            rdsControl("StandInSetSourceParameter", "SourceArn", PREFLIGHT_POSTGRES, "ParameterName", "rds.logical_replication", "ParameterValue", "0");
            assertPreflightFails(body(name(), PREFLIGHT_MYSQL, target(false, ""), AUTHORIZE),
                    "Validate Zero-ETL: Source Parameters Allow Replication", "binlog_format", "ROW");
            assertPreflightFails(body(name(), PREFLIGHT_POSTGRES, target(false, ""), AUTHORIZE + ", \"dataFilter\": \"include: books.*.*\""),
                    "Validate Zero-ETL: Source Parameters Allow Replication", "rds.logical_replication", "1");
        } finally {
            rdsControl("StandInSetSourceParameter", "SourceArn", PREFLIGHT_MYSQL, "ParameterName", "binlog_format", "ParameterValue", "ROW");
            rdsControl("StandInSetSourceParameter", "SourceArn", PREFLIGHT_POSTGRES, "ParameterName", "rds.logical_replication", "ParameterValue", "1");
        }
        for (boolean serverless : List.of(false, true)) {
            assertPreflightFails(body(name(), CLUSTER, target(serverless, "&CaseSensitive=false"), AUTHORIZE),
                    "Validate Zero-ETL: Target Uses Case-Sensitive Identifiers", "enable_case_sensitive_identifier");
        }
        assertPreflightFails(body(name(), POSTGRES_CLUSTER, target(false, ""), AUTHORIZE + ", \"dataFilter\": \"exclude: *.*.*\""),
                "Validate Zero-ETL: PostgreSQL Filter Includes A Database", "include");
        assertPreflightFails(body(name(), POSTGRES_CLUSTER, target(false, ""), AUTHORIZE + ", \"dataFilter\": \"include: books.*.*\","
                        + " \"materialize\": {\"host\": \"127.0.0.1\", \"port\": %d, \"database\": \"books_pg\", \"username\": \"awsuser\", \"password\": \"%s\"}"
                        .formatted(system.redshiftPort, RedshiftStandIn.DEFAULT_PASSWORD)),
                "Validate Zero-ETL: Materialize Names The Source Database", "sourceDatabase");
    }

    private static void assertPreflightFails(String body, String testName, String... mentions) throws Exception {
        Answer refused = http.gateway("POST", "/integrations", body);
        JsonNode test = test(refused, testName);
        assertEquals("failed", test.get("status").asText(), refused.body().toString());
        for (String mention : mentions) {
            assertTrue(test.get("message").asText().contains(mention), mention + " in " + test);
        }
        awaitStatus(refused.text("id"), "createError");
        assertEquals(List.of(), inRds(dev.tributary.contracts.Json.read(body).get("config").get("integrationName").asText()),
                "nothing was created in RDS");
    }

    @Test
    void aTargetThatHoldsAGovernanceIntegrationIsAWarningNamingIt() throws Exception {
        String database = system.databasePrefix + "zero_etl_governed";
        Answer governed = http.createAutomatic("127.0.0.97", database);
        assertEquals(200, governed.status(), governed.body().toString());
        String governedId = governed.text("id");
        awaitStatus(governedId, "enabled");
        try {
            String target = target(false, "&EndpointAddress=127.0.0.97&EndpointPort=" + system.redshiftPort);
            Answer warned = http.gateway("POST", "/integrations", body(name(), CLUSTER, target, AUTHORIZE));
            JsonNode test = test(warned, "Validate Zero-ETL: Target Holds No Governance Integration");
            assertEquals("warning", test.get("status").asText(), warned.body().toString());
            assertTrue(test.get("message").asText().contains(governedId), test.toString());
            assertEquals("warning", warned.body().get("validationResults").get("status").asText());
            deleteWhenEnabled(warned.text("id")); // a warning does not stop the create
        } finally {
            http.gateway("DELETE", "/integrations/" + governedId, "{\"authenticationType\": \"userPassword\","
                    + " \"username\": \"awsuser\", \"password\": \"" + RedshiftStandIn.DEFAULT_PASSWORD + "\"}");
            await().atMost(Duration.ofSeconds(60)).until(() -> http.gateway("GET", "/integrations/" + governedId, null).status() == 404);
        }
    }

    @Test
    void anActiveIntegrationThatNeedsAttentionIsWatchedIntoRecurringValidationErrorAndBack() throws Exception {
        String name = name();
        Answer created = http.gateway("POST", "/integrations", body(name, INSTANCE, target(true, ""), AUTHORIZE));
        String id = created.text("id");
        awaitStatus(id, "enabled");

        rdsControl("StandInSetIntegrationStatus", "IntegrationIdentifier", name, "Status", "needs_attention",
                "ErrorCode", "BinlogFormat", "ErrorMessage", "binlog_format must be ROW");
        JsonNode troubled = awaitStatus(id, "recurringValidationError");
        assertEquals("needs_attention", troubled.get("providerStatus").asText());
        assertEquals("BinlogFormat", troubled.get("providerErrors").get(0).get("code").asText(), troubled.toString());
        assertEquals("binlog_format must be ROW", troubled.get("providerErrors").get(0).get("message").asText());
        assertTrue(troubled.get("message").asText().contains("BinlogFormat: binlog_format must be ROW"), troubled.toString());

        rdsControl("StandInSetIntegrationStatus", "IntegrationIdentifier", name, "Status", "syncing");
        await().atMost(Duration.ofSeconds(30)).until(() -> "syncing".equals(body(id).path("providerStatus").asText()));
        assertEquals("enabled", body(id).get("status").asText(), "a syncing integration is enabled, its provider status says syncing");

        rdsControl("StandInSetIntegrationStatus", "IntegrationIdentifier", name, "Status", "active");
        Answer check = http.gateway("POST", "/integrations/" + id + "/validate", null);
        assertTrue(check.status() < 300, check.body().toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> "active".equals(body(id).path("providerStatus").asText()));
        JsonNode recovered = awaitStatus(id, "enabled");
        assertFalse(recovered.has("providerErrors") && !recovered.get("providerErrors").isEmpty(), recovered.toString());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals("active", http.statusService("/integrations/" + id).body().get("providerStatus").asText()));
        deleteWhenEnabled(id);
    }

    @Test
    void anIntegrationMadeElsewhereIsAdoptedByItsArnAndManagedFromThen() throws Exception {
        String name = name();
        String target = target(true, "");
        String arn = rds.createIntegration(request -> request.integrationName(name).sourceArn(CLUSTER).targetArn(target)
                .description("made in the console")).integrationArn();
        Answer adopted = http.gateway("POST", "/integrations", """
                {"type": "ZeroETL", "config": {"integrationArn": "%s"}}""".formatted(arn));
        assertEquals(200, adopted.status(), adopted.body().toString());
        String id = adopted.text("id");
        JsonNode enabled = awaitStatus(id, "enabled");
        assertEquals(name, enabled.get("config").get("integrationName").asText());
        assertEquals(target, enabled.get("config").get("targetArn").asText());
        assertEquals("made in the console", enabled.get("config").get("description").asText());
        assertEquals(arn, enabled.get("integrationArn").asText());
        List<Integration> inRds = rds.describeIntegrations(request -> request.filters(Filter.builder().name("source-arn")
                .values(CLUSTER).build())).integrations().stream().filter(i -> i.targetArn().equals(target)).toList();
        assertEquals(1, inRds.size(), "adopting created nothing: " + inRds);
        assertEquals(id, inRds.get(0).tags().stream().filter(tag -> tag.key().equals("tributary:integration-id"))
                .findFirst().orElseThrow().value());

        Answer again = http.gateway("POST", "/integrations", """
                {"type": "ZeroETL", "config": {"integrationArn": "%s"}}""".formatted(arn));
        assertEquals(409, again.status(), again.body().toString());
        assertTrue(again.body().toString().contains(id), again.body().toString());

        JsonNode config = enabled.get("config").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) config).put("description", "managed by Tributary now");
        Answer edit = http.gateway("PUT", "/integrations/" + id, "{\"type\": \"ZeroETL\", \"config\": " + config + "}");
        assertEquals(200, edit.status(), edit.body().toString());
        await().atMost(Duration.ofSeconds(30)).until(() -> "managed by Tributary now".equals(
                rds.describeIntegrations(request -> request.integrationIdentifier(arn)).integrations().get(0).description()));
        deleteWhenEnabled(id);
        assertThrows(IntegrationNotFoundException.class, () -> rds.describeIntegrations(request -> request.integrationIdentifier(arn)));
    }

    @Test
    void anOperationInProgressInRdsIsRetriedUntilItClears() throws Exception {
        String name = name();
        rdsControl("StandInFailNextRequests", "Count", "2", "Code", "IntegrationConflictOperationFault", "HttpStatus", "400",
                "ForAction", "CreateIntegration");
        Answer created = http.gateway("POST", "/integrations", body(name, CLUSTER, target(false, ""), AUTHORIZE));
        String id = created.text("id");
        JsonNode enabled = awaitStatus(id, "enabled");
        assertEquals(1, inRds(name).size(), enabled.toString());
        // both faults were met and waited out (pauses of 1 s, then 2 s) inside the one create-integration step
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            long durationMs = -1;
            for (JsonNode entry : http.statusService("/integrations/" + id).body().get("timeline")) {
                if ("create-integration".equals(entry.path("step").asText())) {
                    durationMs = entry.path("durationMs").asLong();
                }
            }
            assertTrue(durationMs >= 3_000, "create-integration took " + durationMs + " ms");
        });
        deleteWhenEnabled(id);
    }

    @Test
    void aMaterialisedIntegrationIsRefreshedOnRequestAndBothStepsSaySkippedOnPostgres() throws Exception {
        String login = "\"username\": \"awsuser\", \"password\": \"" + RedshiftStandIn.DEFAULT_PASSWORD + "\"";
        Answer created = http.gateway("POST", "/integrations", body(name(), CLUSTER, target(false, ""), AUTHORIZE
                + ", \"materialize\": {\"host\": \"127.0.0.1\", \"port\": %d, \"database\": \"books_replica\", \"acceptInvChars\": true,"
                .formatted(system.redshiftPort) + " \"refreshInterval\": 600, " + login + "}"));
        String id = created.text("id");
        JsonNode enabled = awaitStatus(id, "enabled");
        assertEquals("<REDACTED>", enabled.get("config").get("materialize").get("password").asText());
        assertEquals(600, enabled.get("config").get("materialize").get("refreshInterval").asInt());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String materialize = stepMessages(id, "materialize");
            assertTrue(materialize.startsWith("skipped: The target reports PostgreSQL"), materialize);
        });

        Answer refresh = http.gateway("POST", "/integrations/" + id + "/refresh", "{" + login + "}");
        assertTrue(refresh.status() < 300, refresh.body().toString());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(stepMessages(id, "refresh-inerror-tables").startsWith("skipped: "), stepMessages(id, "refresh-inerror-tables")));
        JsonNode after = awaitStatus(id, "enabled");
        assertTrue(after.path("currentOperation").isNull() || after.path("currentOperation").isMissingNode(), after.toString());

        Answer withoutLogin = http.gateway("POST", "/integrations/" + id + "/refresh", "{}");
        assertEquals(400, withoutLogin.status(), withoutLogin.body().toString());
        deleteWhenEnabled(id);
    }

    @Test
    void rdsFaultsAndProviderTroubleEndInErrorStatusesWithTheirMessages() throws Exception {
        Answer unknownSource = http.gateway("POST", "/integrations", body(name(), "arn:aws:rds:us-east-1:123456789012:cluster:nowhere",
                target(false, ""), AUTHORIZE));
        assertEquals("failed", unknownSource.body().get("validationResults").get("status").asText());
        assertTrue(awaitStatus(unknownSource.text("id"), "createError").get("message").asText().contains("DBClusterNotFoundFault"));

        Answer inaccessibleKey = http.gateway("POST", "/integrations", body(name(), INSTANCE, target(false, ""),
                AUTHORIZE + ", \"kmsKeyId\": \"arn:aws:kms:us-east-1:123456789012:key/inaccessible\""));
        assertEquals("passed", inaccessibleKey.body().get("validationResults").get("status").asText(), inaccessibleKey.body().toString());
        assertTrue(awaitStatus(inaccessibleKey.text("id"), "createError").get("message").asText().startsWith("KMSKeyNotAccessibleFault: "));

        String name = name();
        Answer attention = http.gateway("POST", "/integrations", body(name, INSTANCE, target(false, ""), AUTHORIZE));
        // as soon as RDS lists it (still creating), the stand-in is told it needs attention
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> !inRds(name).isEmpty());
        rdsControl("StandInSetIntegrationStatus", "IntegrationIdentifier", name, "Status", "needs_attention",
                "ErrorCode", "BinlogFormat", "ErrorMessage", "binlog_format must be ROW");
        JsonNode troubled = awaitStatus(attention.text("id"), "recurringValidationError");
        assertEquals("needs_attention", troubled.get("providerStatus").asText());
        assertTrue(troubled.get("message").asText().contains("BinlogFormat: binlog_format must be ROW"), troubled.toString());

        Answer invalid = http.gateway("POST", "/integrations", body("1-bad-name", INSTANCE, target(false, ""),
                ", \"dataFilter\": \"include: books\""));
        assertEquals(400, invalid.status());
        assertTrue(invalid.body().toString().contains("config.integrationName") && invalid.body().toString().contains("config.dataFilter"));
    }

    /** Waits for the integration to be enabled, deletes it and waits until RDS and the registry no longer have it. */
    private static void deleteWhenEnabled(String id) throws Exception {
        awaitStatus(id, "enabled");
        assertEquals(200, http.gateway("DELETE", "/integrations/" + id, null).status());
        await().atMost(Duration.ofSeconds(60)).until(() -> http.gateway("GET", "/integrations/" + id, null).status() == 404);
    }

    /** The outcomes of the status view's timeline rows for one step, in order. */
    private static List<String> steps(String id, String step) throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (JsonNode entry : http.statusService("/integrations/" + id).body().get("timeline")) {
            if (step.equals(entry.path("step").asText())) {
                outcomes.add(entry.get("outcome").asText());
            }
        }
        return outcomes;
    }

    /** "outcome: message" of the last timeline row of one step, or "" while there is none. */
    private static String stepMessages(String id, String step) throws Exception {
        String last = "";
        for (JsonNode entry : http.statusService("/integrations/" + id).body().get("timeline")) {
            if (step.equals(entry.path("step").asText())) {
                last = entry.get("outcome").asText() + ": " + entry.path("message").asText();
            }
        }
        return last;
    }

    private static void rdsControl(String action, String... parameters) throws Exception {
        StringBuilder form = new StringBuilder("Action=" + action);
        for (int i = 0; i < parameters.length; i += 2) {
            form.append('&').append(parameters[i]).append('=').append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
        }
        post(HttpClient.newHttpClient(), "http://127.0.0.1:" + system.rdsPort, form.toString());
    }

    /** A test control of the Redshift-API stand-in (HTTPS with the stand-ins' self-signed certificate). */
    private static void redshiftApiControl(Map<String, String> parameters, String extra) throws Exception {
        String form = parameters.entrySet().stream().map(entry -> entry.getKey() + "="
                + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")) + extra;
        SSLContext trustAll = StandInTls.trustingAnyCertificate();
        post(HttpClient.newBuilder().sslContext(trustAll).build(), "https://127.0.0.1:" + system.redshiftApiPort, form);
    }

    private static void post(HttpClient client, String endpoint, String form) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }
}
