package dev.tributary.sandbox;

import dev.tributary.sandbox.rds.RdsStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.CreateIntegrationResponse;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
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
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real AWS SDK RdsClient against the RDS stand-in: every action and every fault. */
class RdsStandInTest {
    private static final String CLUSTER = "arn:aws:rds:us-east-1:123456789012:cluster:source-db";
    private static final String INSTANCE = "arn:aws:rds:us-east-1:123456789012:db:source-db";
    private static RdsStandIn standIn;
    private static RdsClient rds;

    @BeforeAll
    static void start() throws Exception {
        standIn = RdsStandIn.start(0, Duration.ofMillis(300), RdsStandIn.DEFAULT_SOURCES);
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
        List<String> sources = java.util.stream.IntStream.range(0, 6)
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
            assertEquals(30, java.util.stream.Stream.concat(first.integrations().stream(), second.integrations().stream())
                    .map(Integration::integrationArn).distinct().count());
        }
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
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(standIn.endpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
