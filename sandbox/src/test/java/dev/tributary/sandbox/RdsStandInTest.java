package dev.tributary.sandbox;

import dev.tributary.sandbox.aws.TokenBucket;
import dev.tributary.sandbox.rds.RdsStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateIntegrationResponse;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbParameterGroupNotFoundException;
import software.amazon.awssdk.services.rds.model.DescribeDbClusterParametersResponse;
import software.amazon.awssdk.services.rds.model.DescribeIntegrationsResponse;
import software.amazon.awssdk.services.rds.model.Filter;
import software.amazon.awssdk.services.rds.model.Integration;
import software.amazon.awssdk.services.rds.model.IntegrationAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.IntegrationConflictOperationException;
import software.amazon.awssdk.services.rds.model.IntegrationNotFoundException;
import software.amazon.awssdk.services.rds.model.IntegrationQuotaExceededException;
import software.amazon.awssdk.services.rds.model.IntegrationStatus;
import software.amazon.awssdk.services.rds.model.InvalidIntegrationStateException;
import software.amazon.awssdk.services.rds.model.KmsKeyNotAccessibleException;
import software.amazon.awssdk.services.rds.model.Parameter;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real AWS SDK RdsClient against the RDS stand-in: every action and every fault, its rate limit and its controls. */
class RdsStandInTest {
    private static final String CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:source-db";
    private static final String INSTANCE = "arn:aws:rds:us-east-1:123456789012:db:source-db";
    /** A source of its own for each test that creates integrations beside the quota test's: at most 5 a source. */
    private static final String FILTERED = "arn:aws:rds:us-east-1:123456789012:db:filtered";
    private static final String TAGGED = "arn:aws:rds:us-east-1:123456789012:db:tagged";
    private static final String FAILING = "arn:aws:rds:us-east-1:123456789012:db:failing";
    private static RdsStandIn standIn;
    private static RdsClient rds;

    @BeforeAll
    static void start() throws Exception {
        List<String> sources = new ArrayList<>(RdsStandIn.DEFAULT_SOURCES);
        Stream.of(FILTERED, TAGGED, FAILING).forEach(source -> sources.add(source + "|mysql"));
        standIn = RdsStandIn.start(0, Duration.ofMillis(300), sources);
        rds = RdsClient.builder()
                .endpointOverride(URI.create(standIn.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("stand-in", "stand-in")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        rds.close();
        standIn.close();
    }

    private static String target() {
        return "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/" + UUID.randomUUID();
    }

    private static String name() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anIntegrationIsCreatedBecomesActiveIsModifiedAndDeleted() throws Exception {
        String target = target();
        CreateIntegrationResponse created = rds.createIntegration(request -> request.integrationName(name()).sourceArn(CLUSTER)
                .targetArn(target).kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/eda7134d-cd39-4af1-b62b-ad2415b6bccc")
                .additionalEncryptionContext(Map.of("department", "books")).dataFilter("include: books.*")
                .description("from the test").tags(Tag.builder().key("team").value("data").build()));
        assertEquals(IntegrationStatus.CREATING, created.status());
        assertTrue(created.integrationArn().matches("arn:aws:rds:us-east-1:123456789012:integration:[0-9a-f-]{36}"));
        assertEquals(Map.of("department", "books"), created.additionalEncryptionContext());
        assertEquals("data", created.tags().get(0).value());

        Integration active = awaitStatus(created.integrationArn(), IntegrationStatus.ACTIVE);
        assertEquals("include: books.*", active.dataFilter());

        assertThrows(IntegrationAlreadyExistsException.class, () -> rds.createIntegration(request -> request
                .integrationName(name()).sourceArn(CLUSTER).targetArn(target)));

        rds.modifyIntegration(request -> request.integrationIdentifier(created.integrationArn()).dataFilter("include: books.fiction")
                .integrationName("renamed-" + UUID.randomUUID().toString().substring(0, 4)));
        assertEquals(IntegrationStatus.MODIFYING, describe(created.integrationArn()).status());
        assertThrows(InvalidIntegrationStateException.class, () -> rds.deleteIntegration(request -> request
                .integrationIdentifier(created.integrationArn())));
        assertEquals("include: books.fiction", awaitStatus(created.integrationArn(), IntegrationStatus.ACTIVE).dataFilter());

        rds.deleteIntegration(request -> request.integrationIdentifier(created.integrationArn()));
        assertThrows(IntegrationConflictOperationException.class, () -> rds.createIntegration(request -> request
                .integrationName(name()).sourceArn(CLUSTER).targetArn(target)));
        Thread.sleep(400);
        assertThrows(IntegrationNotFoundException.class, () -> describe(created.integrationArn()));
    }

    @Test
    void sourcesAreDescribedAndUnknownOnesAreFaults() {
        assertEquals("aurora-mysql", rds.describeDBClusters(request -> request.dbClusterIdentifier(CLUSTER)).dbClusters().get(0).engine());
        assertEquals("source-db", rds.describeDBInstances(request -> request.dbInstanceIdentifier("source-db")).dbInstances().get(0).dbInstanceIdentifier());
        assertThrows(DbClusterNotFoundException.class, () -> rds.describeDBClusters(request -> request.dbClusterIdentifier("nope")));
        assertThrows(DbInstanceNotFoundException.class, () -> rds.describeDBInstances(request -> request.dbInstanceIdentifier("nope")));
        assertThrows(DbClusterNotFoundException.class, () -> rds.createIntegration(request -> request.integrationName(name())
                .sourceArn("arn:aws:rds:us-east-1:123456789012:cluster:unknown").targetArn(target())));
        assertThrows(DbInstanceNotFoundException.class, () -> rds.createIntegration(request -> request.integrationName(name())
                .sourceArn("arn:aws:rds:us-east-1:123456789012:db:unknown").targetArn(target())));
    }

    @Test
    void theSpecsRulesAndQuotasAreEnforced() {
        assertThrows(KmsKeyNotAccessibleException.class, () -> rds.createIntegration(request -> request.integrationName(name())
                .sourceArn(INSTANCE).targetArn(target()).kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/inaccessible")));
        RdsException invalid = assertThrows(RdsException.class, () -> rds.createIntegration(request -> request
                .integrationName("1-bad").sourceArn(INSTANCE).targetArn(target())));
        assertEquals("InvalidParameterValue", invalid.awsErrorDetails().errorCode());
        RdsException contextWithoutKey = assertThrows(RdsException.class, () -> rds.createIntegration(request -> request
                .integrationName(name()).sourceArn(INSTANCE).targetArn(target()).additionalEncryptionContext(Map.of("a", "b"))));
        assertTrue(contextWithoutKey.getMessage().contains("KMSKeyId"));

        String source = "arn:aws:rds:us-east-1:123456789012:cluster:source-pg";
        for (int i = 0; i < 5; i++) {
            rds.createIntegration(request -> request.integrationName(name()).sourceArn(source).targetArn(target()));
        }
        assertThrows(IntegrationQuotaExceededException.class, () -> rds.createIntegration(request -> request
                .integrationName(name()).sourceArn(source).targetArn(target())));
        DescribeIntegrationsResponse page = rds.describeIntegrations(request -> request.maxRecords(20)
                .filters(Filter.builder().name("source-arn").values(source).build()));
        assertEquals(5, page.integrations().size());
        assertThrows(RdsException.class, () -> rds.describeIntegrations(request -> request.maxRecords(5)));
    }

    @Test
    void testControlsSetProviderStatusesAndThrottlingIsRetriedByTheSdk() throws Exception {
        String arn = rds.createIntegration(request -> request.integrationName(name()).sourceArn(INSTANCE).targetArn(target())).integrationArn();
        control("Action=StandInSetIntegrationStatus&IntegrationIdentifier=" + arn
                + "&Status=needs_attention&ErrorCode=SourceInvalid&ErrorMessage=binlog_format+must+be+ROW");
        Integration attention = describe(arn);
        assertEquals(IntegrationStatus.NEEDS_ATTENTION, attention.status());
        assertEquals("binlog_format must be ROW", attention.errors().get(0).errorMessage());

        control("Action=StandInFailNextRequests&Count=2&Code=Throttling&HttpStatus=400");
        assertEquals(IntegrationStatus.NEEDS_ATTENTION, describe(arn).status(), "two throttled answers were retried");
        control("Action=StandInFailNextRequests&Count=10&Code=InternalFailure&HttpStatus=500");
        assertThrows(SdkException.class, () -> describe(arn), "after its retries the SDK gives up");
        control("Action=StandInFailNextRequests&Count=0");
    }

    @Test
    void theSampleRequestGetsAnAnswerInTheSampleResponsesShape() throws Exception {
        String body = "Action=CreateIntegration&IntegrationName=my-integration-" + UUID.randomUUID().toString().substring(0, 4)
                + "&SourceArn=arn%3Aaws%3Ards%3Aus-east-1%3A123456789012%3Adb%3Asource-db"
                + "&TargetArn=arn%3Aaws%3Aredshift-serverless%3Aus-east-1%3A123456789012%3Anamespace%3A" + UUID.randomUUID()
                + "&Version=2014-10-31";
        String xml = control(body);
        assertTrue(xml.matches("(?s)<\\?xml[^>]*\\?><CreateIntegrationResponse xmlns=\"http://rds.amazonaws.com/doc/2014-10-31/\">"
                + "<CreateIntegrationResult><SourceArn>arn:aws:rds:us-east-1:123456789012:db:source-db</SourceArn>"
                + "<IntegrationName>my-integration-.{4}</IntegrationName><IntegrationArn>arn:aws:rds:us-east-1:123456789012:integration:[0-9a-f-]{36}</IntegrationArn>"
                + "<TargetArn>[^<]+</TargetArn><Tags></Tags><CreateTime>[^<]+</CreateTime><Status>creating</Status>"
                + "</CreateIntegrationResult><ResponseMetadata><RequestId>[0-9a-f-]{36}</RequestId></ResponseMetadata></CreateIntegrationResponse>"), xml);
    }

    @Test
    void describeIntegrationsPagesWithMaxRecordsAndMarker() throws Exception {
        List<String> sources = IntStream.range(0, 6)
                .mapToObj(n -> "arn:aws:rds:us-west-2:123456789012:cluster:paging-" + n + "|aurora-mysql").toList();
        try (RdsStandIn paging = RdsStandIn.start(0, Duration.ofSeconds(30), sources);
             RdsClient client = RdsClient.builder().endpointOverride(URI.create(paging.endpoint())).region(Region.US_WEST_2)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            for (String source : sources) {
                String arn = source.split("\\|")[0];
                for (int i = 0; i < 5; i++) {
                    client.createIntegration(request -> request.integrationName(name()).sourceArn(arn).targetArn(target()));
                }
            }
            DescribeIntegrationsResponse first = client.describeIntegrations(request -> request.maxRecords(20));
            assertEquals(20, first.integrations().size());
            DescribeIntegrationsResponse second = client.describeIntegrations(request -> request.maxRecords(20).marker(first.marker()));
            assertEquals(10, second.integrations().size());
            assertEquals(null, second.marker());
            assertEquals(30, Stream.concat(first.integrations().stream(), second.integrations().stream())
                    .map(Integration::integrationArn).distinct().count());
        }
    }

    @Test
    void eachSourceClusterHasAParameterGroupWhoseParametersAllowZeroEtlPagedLikeRds() {
        String group = rds.describeDBClusters(request -> request.dbClusterIdentifier(CLUSTER)).dbClusters().get(0).dbClusterParameterGroup();
        assertEquals("source-db-params", group);
        DescribeDbClusterParametersResponse first = rds.describeDBClusterParameters(request -> request
                .dbClusterParameterGroupName(group).maxRecords(20));
        assertEquals(20, first.parameters().size());
        assertNotNull(first.marker());
        DescribeDbClusterParametersResponse second = rds.describeDBClusterParameters(request -> request
                .dbClusterParameterGroupName(group).maxRecords(20).marker(first.marker()));
        assertEquals(null, second.marker());
        Map<String, Parameter> all = Stream.concat(first.parameters().stream(), second.parameters().stream())
                .collect(Collectors.toMap(Parameter::parameterName, Function.identity()));
        assertEquals(first.parameters().size() + second.parameters().size(), all.size(), "no parameter on both pages");
        assertEquals("ROW", all.get("binlog_format").parameterValue());
        assertEquals("user", all.get("binlog_format").source());
        assertEquals("engine-default", all.get("binlog_checksum").source());

        Map<String, String> zeroEtl = rds.describeDBClusterParameters(request -> request.dbClusterParameterGroupName(group).source("user"))
                .parameters().stream().collect(Collectors.toMap(Parameter::parameterName, Parameter::parameterValue));
        assertEquals(Map.of("binlog_format", "ROW", "binlog_row_image", "full", "aurora_enhanced_binlog", "1", "binlog_backup", "0",
                "binlog_replication_globaldb", "0"), zeroEtl);
        Map<String, String> postgres = rds.describeDBClusterParameters(request -> request.dbClusterParameterGroupName("source-pg-params")
                .source("user")).parameters().stream().collect(Collectors.toMap(Parameter::parameterName, Parameter::parameterValue));
        assertEquals(Map.of("rds.logical_replication", "1", "aurora.enhanced_logical_replication", "1",
                "aurora.logical_replication_backup", "0", "aurora.logical_replication_globaldb", "0"), postgres);

        assertThrows(DbParameterGroupNotFoundException.class, () -> rds.describeDBClusterParameters(request -> request
                .dbClusterParameterGroupName("nope-params")));
        assertThrows(RdsException.class, () -> rds.describeDBClusterParameters(request -> request
                .dbClusterParameterGroupName(group).maxRecords(10)));
    }

    @Test
    void theSetSourceParameterControlChangesOneClustersParameterOrPutsItBackToTheEnginesDefault() throws Exception {
        try (RdsStandIn own = RdsStandIn.start(0, Duration.ofSeconds(1), RdsStandIn.DEFAULT_SOURCES); RdsClient client = client(own)) {
            String source = "arn:aws:rds:us-east-1:123456789012:cluster:source-pg";
            control(own, "Action=StandInSetSourceParameter&SourceArn=" + source + "&ParameterName=rds.logical_replication&ParameterValue=0", 200);
            Parameter off = parameter(client, "source-pg-params", "rds.logical_replication");
            assertEquals("0", off.parameterValue());
            assertEquals("user", off.source());

            control(own, "Action=StandInSetSourceParameter&SourceArn=" + source + "&ParameterName=aurora.logical_replication_backup", 200);
            Parameter backToDefault = parameter(client, "source-pg-params", "aurora.logical_replication_backup");
            assertEquals("1", backToDefault.parameterValue());
            assertEquals("engine-default", backToDefault.source());
            assertEquals("ROW", parameter(client, "source-db-params", "binlog_format").parameterValue(), "the other cluster's stay");

            assertTrue(control(own, "Action=StandInSetSourceParameter&SourceArn=" + source + "&ParameterName=no_such&ParameterValue=1", 400)
                    .contains("no_such"));
            assertTrue(control(own, "Action=StandInSetSourceParameter&SourceArn=" + INSTANCE + "&ParameterName=binlog_format&ParameterValue=ROW", 404)
                    .contains("DBClusterNotFoundFault"));
        }
    }

    @Test
    void anIntegrationIdentifierFilterKeepsTheIntegrationsNamedByAnyOfItsValues() {
        List<CreateIntegrationResponse> created = IntStream.range(0, 3).mapToObj(n -> rds.createIntegration(request -> request
                .integrationName(name()).sourceArn(FILTERED).targetArn(target()))).toList();
        List<String> found = rds.describeIntegrations(request -> request.filters(Filter.builder().name("integration-identifier")
                        .values(created.get(0).integrationArn(), created.get(2).integrationName()).build()))
                .integrations().stream().map(Integration::integrationArn).toList();
        assertEquals(List.of(created.get(0).integrationArn(), created.get(2).integrationArn()), found);
    }

    @Test
    void tagsAreAddedToAnIntegrationAndAKeyItHasGetsTheNewValue() {
        String arn = rds.createIntegration(request -> request.integrationName(name()).sourceArn(TAGGED).targetArn(target())
                .tags(Tag.builder().key("team").value("data").build())).integrationArn();
        rds.addTagsToResource(request -> request.resourceName(arn).tags(Tag.builder().key("tributary:integration-id").value("42").build(),
                Tag.builder().key("team").value("books").build()));
        Map<String, String> tags = describe(arn).tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(Map.of("tributary:integration-id", "42", "team", "books"), tags);
        assertThrows(IntegrationNotFoundException.class, () -> rds.addTagsToResource(request -> request
                .resourceName("arn:aws:rds:us-east-1:123456789012:integration:" + UUID.randomUUID())
                .tags(Tag.builder().key("a").value("b").build())));
    }

    @Test
    void failuresInjectedForOneActionLeaveTheOtherActionsAlone() throws Exception {
        String arn = rds.createIntegration(request -> request.integrationName(name()).sourceArn(FAILING).targetArn(target())).integrationArn();
        awaitStatus(arn, IntegrationStatus.ACTIVE);
        control("Action=StandInFailNextRequests&Count=1&Code=InvalidIntegrationStateFault&HttpStatus=400&ForAction=DeleteIntegration");
        assertEquals(IntegrationStatus.ACTIVE, describe(arn).status(), "DescribeIntegrations is not DeleteIntegration");
        assertThrows(InvalidIntegrationStateException.class, () -> rds.deleteIntegration(request -> request.integrationIdentifier(arn)));
        assertEquals(IntegrationStatus.DELETING, rds.deleteIntegration(request -> request.integrationIdentifier(arn)).status(),
                "the one failure was used up");
    }

    @Test
    void requestsBeyondTheRateLimitAreThrottledAsRdsThrottlesThem() throws Exception {
        try (RdsStandIn limited = RdsStandIn.start(0, Duration.ofSeconds(1), RdsStandIn.DEFAULT_SOURCES).limitingRequests(TokenBucket.parse("1/3"));
             RdsClient noRetries = RdsClient.builder().endpointOverride(URI.create(limited.endpoint())).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                     .overrideConfiguration(override -> override.retryStrategy(AwsRetryStrategy.doNotRetry()))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            for (int i = 0; i < 3; i++) {
                noRetries.describeDBClusters();
            }
            RdsException throttled = assertThrows(RdsException.class, noRetries::describeDBClusters);
            assertEquals("Throttling", throttled.awsErrorDetails().errorCode());
            assertEquals(400, throttled.statusCode());
            assertEquals("Rate exceeded", throttled.awsErrorDetails().errorMessage());
            assertTrue(throttled.isThrottlingException());
            control(limited, "Action=StandInFailNextRequests&Count=0", 200); // controls are not limited
            Thread.sleep(1100);
            noRetries.describeDBClusters(); // a token came back
        }
    }

    @Test
    void aRateLimitIsPerSecondOverBurstOrOff() {
        assertEquals("12/300", TokenBucket.parse(TokenBucket.RDS).toString());
        assertSame(TokenBucket.UNLIMITED, TokenBucket.parse("off"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> TokenBucket.parse("12 per second"));
        assertTrue(refused.getMessage().contains("<requests per second>/<burst>"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokenBucket.parse("0/300"));
        TokenBucket bucket = TokenBucket.parse("0.001/2");
        assertTrue(bucket.tryTake());
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
    }

    private static RdsClient client(RdsStandIn standIn) {
        return RdsClient.builder().endpointOverride(URI.create(standIn.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static Parameter parameter(RdsClient client, String group, String name) {
        return client.describeDBClusterParameters(request -> request.dbClusterParameterGroupName(group)).parameters().stream()
                .filter(parameter -> parameter.parameterName().equals(name)).findFirst().orElseThrow();
    }

    private static Integration describe(String arn) {
        List<Integration> found = rds.describeIntegrations(request -> request.integrationIdentifier(arn)).integrations();
        return found.get(0);
    }

    private static Integration awaitStatus(String arn, IntegrationStatus status) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            Integration integration = describe(arn);
            if (integration.status() == status) {
                return integration;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(arn + " did not become " + status);
    }

    private static String control(String form) throws Exception {
        return control(standIn, form, 200);
    }

    private static String control(RdsStandIn target, String form, int expectedStatus) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(target.endpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return response.body();
    }
}
