package dev.tributary.sandbox.okta;

import dev.tributary.sandbox.tls.StandInTls;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.redshift.RedshiftTargets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Cluster;
import software.amazon.awssdk.services.redshift.model.ClusterNotFoundException;
import software.amazon.awssdk.services.redshift.model.ClusterParameterGroupNotFoundException;
import software.amazon.awssdk.services.redshift.model.InvalidPolicyException;
import software.amazon.awssdk.services.redshift.model.Parameter;
import software.amazon.awssdk.services.redshift.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftserverless.RedshiftServerlessClient;
import software.amazon.awssdk.services.redshiftserverless.model.ConfigParameter;
import software.amazon.awssdk.services.redshiftserverless.model.ListWorkgroupsResponse;
import software.amazon.awssdk.services.redshiftserverless.model.Namespace;
import software.amazon.awssdk.services.redshiftserverless.model.Workgroup;
import software.amazon.awssdk.utils.AttributeMap;

import javax.net.ssl.SSLContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real AWS SDK RedshiftClient and RedshiftServerlessClient against the Redshift-API stand-in's zero-ETL target
 * actions: resource policies, clusters and their parameters, serverless namespaces and workgroups, the faults as
 * SDK exceptions, and the StandInPutTarget control.
 */
class RedshiftTargetApisTest {
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"redshift.amazonaws.com\"},\"Action\":\"redshift:AuthorizeInboundIntegration\","
            + "\"Resource\":\"" + RedshiftTargets.PROVISIONED_NAMESPACE + "\"}]}";
    private static FederationStandIns federation;
    private static SdkHttpClient http;
    private static RedshiftClient redshift;
    private static RedshiftServerlessClient serverless;

    @BeforeAll
    static void start() throws Exception {
        federation = FederationStandIns.start("127.0.0.1", 0, 0, 0, new OktaDirectory(), LocalPostgres.fromEnvironment(), Set.of());
        // the stand-in's certificate is self-signed, as tributary.redshift-api.ssl-insecure expects
        http = UrlConnectionHttpClient.builder().buildWithDefaults(AttributeMap.builder()
                .put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build());
        StaticCredentialsProvider anyKey = StaticCredentialsProvider.create(AwsBasicCredentials.create("stand-in", "stand-in"));
        URI endpoint = URI.create(federation.redshiftApiEndpoint());
        redshift = RedshiftClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(anyKey)
                .httpClient(http).build();
        serverless = RedshiftServerlessClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(anyKey).httpClient(http).build();
    }

    @AfterAll
    static void stop() {
        redshift.close();
        serverless.close();
        http.close();
        federation.close();
    }

    @Test
    void aNamespacesPolicyIsPutReadAndDeletedAndItsAbsenceIsResourceNotFound() {
        String namespace = RedshiftTargets.PROVISIONED_NAMESPACE;
        assertThrows(ResourceNotFoundException.class, () -> redshift.getResourcePolicy(request -> request.resourceArn(namespace)));

        assertEquals(POLICY, redshift.putResourcePolicy(request -> request.resourceArn(namespace).policy(POLICY)).resourcePolicy().policy());
        assertEquals(POLICY, redshift.getResourcePolicy(request -> request.resourceArn(namespace)).resourcePolicy().policy());
        assertEquals(namespace, redshift.getResourcePolicy(request -> request.resourceArn(namespace)).resourcePolicy().resourceArn());

        redshift.deleteResourcePolicy(request -> request.resourceArn(namespace));
        assertThrows(ResourceNotFoundException.class, () -> redshift.getResourcePolicy(request -> request.resourceArn(namespace)));
        assertThrows(ResourceNotFoundException.class, () -> redshift.deleteResourcePolicy(request -> request.resourceArn(namespace)));
    }

    @Test
    void aServerlessNamespaceKeepsItsPolicyOnTheRedshiftApiToo() {
        String namespace = RedshiftTargets.SERVERLESS_NAMESPACE;
        redshift.putResourcePolicy(request -> request.resourceArn(namespace).policy(POLICY));
        assertEquals(POLICY, redshift.getResourcePolicy(request -> request.resourceArn(namespace)).resourcePolicy().policy());
        redshift.deleteResourcePolicy(request -> request.resourceArn(namespace));
    }

    @Test
    void aPolicyThatIsNoJsonObjectWithAStatementOrOnAnUnknownNamespaceIsRefused() {
        for (String invalid : List.of("not json", "[]", "{\"Version\":\"2012-10-17\"}", "{\"Statement\":\"x\"}", "{\"Statement\":[]} trailing")) {
            assertThrows(InvalidPolicyException.class, () -> redshift.putResourcePolicy(request -> request
                    .resourceArn(RedshiftTargets.PROVISIONED_NAMESPACE).policy(invalid)), invalid);
        }
        String unknown = "arn:aws:redshift:us-east-1:123456789012:namespace:" + UUID.randomUUID();
        assertThrows(ResourceNotFoundException.class, () -> redshift.putResourcePolicy(request -> request.resourceArn(unknown).policy(POLICY)));
        assertThrows(ResourceNotFoundException.class, () -> redshift.getResourcePolicy(request -> request.resourceArn(unknown)));
    }

    @Test
    void theNamespacesClusterIsFoundAndItsParameterGroupHasCaseSensitiveIdentifiersOn() {
        Cluster cluster = redshift.describeClusters(request -> request.maxRecords(20)).clusters().stream()
                .filter(candidate -> RedshiftTargets.PROVISIONED_NAMESPACE.equals(candidate.clusterNamespaceArn())).findFirst().orElseThrow();
        assertEquals("sandbox", cluster.clusterIdentifier());
        assertEquals("sandbox.c0ffee123456.us-east-1.redshift.amazonaws.com", cluster.endpoint().address());
        assertEquals(5439, cluster.endpoint().port());
        assertEquals("sandbox-params", cluster.clusterParameterGroups().get(0).parameterGroupName());

        List<Parameter> parameters = redshift.describeClusterParameters(request -> request.parameterGroupName("sandbox-params")).parameters();
        Parameter caseSensitive = parameters.stream().filter(parameter -> parameter.parameterName().equals(RedshiftTargets.CASE_SENSITIVE))
                .findFirst().orElseThrow();
        assertEquals("true", caseSensitive.parameterValue());
        assertEquals("user", caseSensitive.source());
        assertTrue(redshift.describeClusterParameters(request -> request.parameterGroupName("sandbox-params").source("engine-default"))
                .parameters().stream().noneMatch(parameter -> parameter.parameterName().equals(RedshiftTargets.CASE_SENSITIVE)));

        assertThrows(ClusterNotFoundException.class, () -> redshift.describeClusters(request -> request.clusterIdentifier("nope")));
        assertThrows(ClusterParameterGroupNotFoundException.class, () -> redshift.describeClusterParameters(request -> request
                .parameterGroupName("nope-params")));
    }

    @Test
    void theServerlessNamespaceAndItsWorkgroupAreListedAndReadWithTheirConfigParameters() {
        Namespace namespace = serverless.getNamespace(request -> request.namespaceName("sandbox-ns")).namespace();
        assertEquals(RedshiftTargets.SERVERLESS_NAMESPACE, namespace.namespaceArn());
        assertEquals("2f6d0c7a-5b4e-4e8e-a1d2-7c9b3e5f1a20", namespace.namespaceId());
        assertNotNull(namespace.creationDate());

        Workgroup listed = serverless.listWorkgroups(request -> { }).workgroups().stream()
                .filter(workgroup -> workgroup.workgroupName().equals("sandbox-wg")).findFirst().orElseThrow();
        assertEquals("sandbox-ns", listed.namespaceName());
        Workgroup workgroup = serverless.getWorkgroup(request -> request.workgroupName("sandbox-wg")).workgroup();
        assertEquals("sandbox-wg.123456789012.us-east-1.redshift-serverless.amazonaws.com", workgroup.endpoint().address());
        assertEquals(5439, workgroup.endpoint().port());
        assertEquals("true", configParameter(workgroup, RedshiftTargets.CASE_SENSITIVE));

        software.amazon.awssdk.services.redshiftserverless.model.ResourceNotFoundException missing = assertThrows(
                software.amazon.awssdk.services.redshiftserverless.model.ResourceNotFoundException.class,
                () -> serverless.getWorkgroup(request -> request.workgroupName("nope")));
        assertEquals(400, missing.statusCode());
        assertThrows(software.amazon.awssdk.services.redshiftserverless.model.ResourceNotFoundException.class,
                () -> serverless.getNamespace(request -> request.namespaceName("nope")));
    }

    @Test
    void putTargetAddsAndReplacesTargetsThatTheApisThenDescribe() throws Exception {
        String cluster = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
        String clusterNamespace = "arn:aws:redshift:us-east-1:123456789012:namespace:" + UUID.randomUUID();
        control("Action=StandInPutTarget&Kind=provisioned&NamespaceArn=" + clusterNamespace + "&Name=" + cluster
                + "&EndpointAddress=db.example.com&EndpointPort=5440&CaseSensitive=false", 200);
        Cluster described = redshift.describeClusters(request -> request.clusterIdentifier(cluster)).clusters().get(0);
        assertEquals(clusterNamespace, described.clusterNamespaceArn());
        assertEquals("db.example.com", described.endpoint().address());
        assertEquals(5440, described.endpoint().port());
        Parameter off = redshift.describeClusterParameters(request -> request.parameterGroupName(cluster + "-params")).parameters()
                .stream().filter(parameter -> parameter.parameterName().equals(RedshiftTargets.CASE_SENSITIVE)).findFirst().orElseThrow();
        assertEquals("false", off.parameterValue());
        assertEquals("engine-default", off.source());

        String workgroup = "wg-" + UUID.randomUUID().toString().substring(0, 8);
        String serverlessNamespace = "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/" + UUID.randomUUID();
        control("Action=StandInPutTarget&Kind=serverless&NamespaceArn=" + serverlessNamespace + "&Name=" + workgroup
                + "&CaseSensitive=false", 200);
        assertEquals("false", configParameter(serverless.getWorkgroup(request -> request.workgroupName(workgroup)).workgroup(),
                RedshiftTargets.CASE_SENSITIVE));
        assertEquals(serverlessNamespace, serverless.getNamespace(request -> request.namespaceName(workgroup + "-ns")).namespace().namespaceArn());
        control("Action=StandInPutTarget&Kind=serverless&NamespaceArn=" + serverlessNamespace + "&Name=" + workgroup, 200);
        assertEquals("true", configParameter(serverless.getWorkgroup(request -> request.workgroupName(workgroup)).workgroup(),
                RedshiftTargets.CASE_SENSITIVE), "replaced, case-sensitive by default");

        ListWorkgroupsResponse first = serverless.listWorkgroups(request -> request.maxResults(1));
        assertEquals(1, first.workgroups().size());
        assertNotNull(first.nextToken());
        ListWorkgroupsResponse second = serverless.listWorkgroups(request -> request.maxResults(1).nextToken(first.nextToken()));
        assertFalse(second.workgroups().get(0).workgroupName().equals(first.workgroups().get(0).workgroupName()));

        assertTrue(control("Action=StandInPutTarget&Kind=serverless&NamespaceArn=" + clusterNamespace + "&Name=x", 400)
                .contains("NamespaceArn must be a serverless namespace"));
        assertTrue(control("Action=StandInPutTarget&Kind=neither&NamespaceArn=" + clusterNamespace + "&Name=x", 400)
                .contains("Kind must be provisioned or serverless"));
    }

    @Test
    void managementActionsRefuseUnsignedRequestsInEitherProtocol() throws Exception {
        assertTrue(control("Action=DescribeClusters", 403).contains("<Code>MissingAuthenticationToken</Code>"));
        HttpResponse<String> json = client().send(HttpRequest.newBuilder(URI.create(federation.redshiftApiEndpoint()))
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", "RedshiftServerless.ListWorkgroups")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, json.statusCode());
        assertEquals("MissingAuthenticationTokenException", json.headers().firstValue("x-amzn-ErrorType").orElse(null));
        assertTrue(json.body().contains("\"__type\":\"MissingAuthenticationTokenException\""), json.body());
    }

    private static String configParameter(Workgroup workgroup, String key) {
        return workgroup.configParameters().stream().filter(parameter -> parameter.parameterKey().equals(key))
                .map(ConfigParameter::parameterValue).findFirst().orElseThrow();
    }

    private static String control(String form, int expectedStatus) throws Exception {
        HttpResponse<String> response = client().send(HttpRequest.newBuilder(URI.create(federation.redshiftApiEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return response.body();
    }

    private static HttpClient client() throws Exception {
        SSLContext context = StandInTls.trustingAnyCertificate();
        return HttpClient.newBuilder().sslContext(context).build();
    }
}
