package dev.tributary.validation;

import dev.tributary.sandbox.tls.StandInTls;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.messaging.ZeroEtlWatchRequest;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.GovernedEndpoint;
import dev.tributary.contracts.zeroetl.TargetPolicy;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.support.rds.RedshiftApiClients;
import dev.tributary.validation.service.ZeroEtlValidator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zero-ETL preflight of a create and an adoption, against the RDS stand-in (DescribeDBClusterParameters) and the
 * Redshift-API stand-in (resource policies, clusters and their parameters, serverless namespaces and workgroups),
 * through the real SDK clients; and a watch batch of several members (DescribeIntegrations filtered by several ARNs).
 * Runs once the test resource points {@code tributary.redshift-api.endpoint} at the Redshift-API stand-in.
 */
@QuarkusTest
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = {
        @ResourceArg(name = "service", value = "validation_worker_zero_etl"), @ResourceArg(name = "rds", value = "true")})
class ZeroEtlPreflightTest {
    private static final String PROVISIONED = "arn:aws:redshift:us-east-1:123456789012:namespace:8c3b5a1e-0f0d-4d1c-9c51-2b0a3f6d7e11";
    private static final String PROVISIONED_HOST = "sandbox.c0ffee123456.us-east-1.redshift.amazonaws.com";
    private static final String SERVERLESS = "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/2f6d0c7a-5b4e-4e8e-a1d2-7c9b3e5f1a20";
    private static final String SERVERLESS_HOST = "sandbox-wg.123456789012.us-east-1.redshift-serverless.amazonaws.com";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "tributary.test.rds.endpoint")
    String rdsEndpoint;
    @ConfigProperty(name = "tributary.redshift-api.endpoint")
    Optional<String> redshiftApiEndpoint;
    @Inject
    RedshiftApiClients redshiftApis;

    private ZeroEtlMessages messages;

    @BeforeEach
    void connect() {
        assertTrue(redshiftApiEndpoint.isPresent(), "the test resource starts the Redshift-API stand-in (tributary.redshift-api.endpoint)");
        messages = new ZeroEtlMessages(bootstrapServers, rdsEndpoint);
    }

    private static ZeroEtlConfig config(String source, String target, String filter, ZeroEtlConfig.Materialize materialize,
                                        String integrationArn, boolean authorizeTarget) {
        return new ZeroEtlConfig("p-" + UUID.randomUUID().toString().substring(0, 8), source, target, null, null, filter, null,
                null, "us-east-1", materialize, integrationArn, authorizeTarget);
    }

    private static ZeroEtlConfig create(String source, String target, boolean authorizeTarget) {
        return config(source, target, null, null, null, authorizeTarget);
    }

    private ValidationResults validation(Envelope command) {
        return messages.await(Topics.EVENTS, command, MessageTypes.VALIDATION_COMPLETED).payloadAs(ValidationCompleted.class)
                .validationResults();
    }

    private static ValidationTest test(ValidationResults results, String name) {
        return results.validationTests().stream().filter(test -> test.name().equals(name)).findFirst().orElseThrow();
    }

    /** A new target of the Redshift-API stand-in; its namespace ARN. */
    private String newTarget(String kind, boolean caseSensitive) throws Exception {
        String name = "t" + UUID.randomUUID().toString().substring(0, 8);
        String arn = kind.equals("provisioned") ? "arn:aws:redshift:us-east-1:123456789012:namespace:" + UUID.randomUUID()
                : "arn:aws:redshift-serverless:us-east-1:123456789012:namespace/" + UUID.randomUUID();
        redshiftApiControl(Map.of("Action", "StandInPutTarget", "Kind", kind, "NamespaceArn", arn, "Name", name,
                "EndpointAddress", name + ".example.com", "EndpointPort", "5439", "CaseSensitive", Boolean.toString(caseSensitive)));
        return arn;
    }

    /** A test control of the Redshift-API stand-in, whose certificate is its own (nothing trusts it). */
    private void redshiftApiControl(Map<String, String> form) throws Exception {
        SSLContext trustingAll = StandInTls.trustingAnyCertificate();
        String body = form.entrySet().stream().map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(trustingAll).build().send(HttpRequest
                .newBuilder(URI.create(redshiftApiEndpoint.orElseThrow())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void aCreateFromTheStandInsDefaultsPassesEveryPreflightAndGoesOn() {
        Envelope command = messages.send(MessageTypes.CREATE_INTEGRATION, Operation.CREATE,
                create(ZeroEtlMessages.SOURCE_CLUSTER, PROVISIONED, true), null);
        ValidationResults results = validation(command);
        assertEquals(List.of(ZeroEtlValidator.SOURCE_EXISTS, ZeroEtlValidator.KMS_KEY_FORM, ZeroEtlValidator.FILTER_FITS_ENGINE,
                ZeroEtlValidator.FILTER_INCLUDES, ZeroEtlValidator.SOURCE_PARAMETERS, ZeroEtlValidator.CASE_SENSITIVE,
                ZeroEtlValidator.TARGET_AUTHORISES, ZeroEtlValidator.SOURCE_DATABASE, ZeroEtlValidator.NO_GOVERNANCE),
                results.validationTests().stream().map(ValidationTest::name).toList());
        assertEquals(TestStatus.PASSED, results.status(), results.toString());
        assertEquals(List.of("source-db-params"), test(results, ZeroEtlValidator.SOURCE_PARAMETERS).result());
        assertEquals(List.of("cluster sandbox"), test(results, ZeroEtlValidator.CASE_SENSITIVE).result());
        assertTrue(test(results, ZeroEtlValidator.TARGET_AUTHORISES).message().contains("written before CreateIntegration"));
        assertEquals(List.of(PROVISIONED_HOST + ":5439"), test(results, ZeroEtlValidator.NO_GOVERNANCE).result());
        messages.await(Topics.BOOTSTRAP, command, MessageTypes.BOOTSTRAP_REQUESTED);
    }

    @Test
    void aSourceParameterThatStopsReplicationFailsTheCreateNamingTheGroupAndTheFix() throws Exception {
        messages.control("Action=StandInSetSourceParameter&SourceArn=" + ZeroEtlMessages.SOURCE_CLUSTER
                + "&ParameterName=binlog_format&ParameterValue=MIXED");
        try {
            Envelope command = messages.send(MessageTypes.CREATE_INTEGRATION, Operation.CREATE,
                    create(ZeroEtlMessages.SOURCE_CLUSTER, PROVISIONED, true), null);
            ValidationTest parameters = test(validation(command), ZeroEtlValidator.SOURCE_PARAMETERS);
            assertEquals(TestStatus.FAILED, parameters.status());
            assertTrue(parameters.message().contains("binlog_format is MIXED (needs ROW)"), parameters.message());
            assertTrue(parameters.message().contains("--db-cluster-parameter-group-name source-db-params"), parameters.message());
            OperationFinished failed = messages.await(Topics.EVENTS, command, MessageTypes.OPERATION_FAILED).payloadAs(OperationFinished.class);
            assertTrue(failed.message().startsWith(ZeroEtlValidator.SOURCE_PARAMETERS + ": "), failed.message());
        } finally {
            messages.control("Action=StandInSetSourceParameter&SourceArn=" + ZeroEtlMessages.SOURCE_CLUSTER
                    + "&ParameterName=binlog_format&ParameterValue=ROW");
        }
    }

    @Test
    void targetsOfBothKindsWithoutCaseSensitiveIdentifiersFailTheCreateWithTheirFix() throws Exception {
        ValidationTest provisioned = test(validation(messages.send(MessageTypes.CREATE_INTEGRATION, Operation.CREATE,
                create(ZeroEtlMessages.SOURCE_CLUSTER, newTarget("provisioned", false), true), null)), ZeroEtlValidator.CASE_SENSITIVE);
        assertEquals(TestStatus.FAILED, provisioned.status());
        assertTrue(provisioned.message().contains("aws redshift modify-cluster-parameter-group"), provisioned.message());

        ValidationTest serverless = test(validation(messages.send(MessageTypes.CREATE_INTEGRATION, Operation.CREATE,
                create(ZeroEtlMessages.SOURCE_CLUSTER, newTarget("serverless", false), true), null)), ZeroEtlValidator.CASE_SENSITIVE);
        assertEquals(TestStatus.FAILED, serverless.status());
        assertTrue(serverless.message().contains("aws redshift-serverless update-workgroup"), serverless.message());
    }

    @Test
    void aNamespaceNoClusterHasFailsNamingTheArn() {
        String unknown = "arn:aws:redshift:us-east-1:123456789012:namespace:" + UUID.randomUUID();
        ValidationTest test = test(validation(messages.send(MessageTypes.CREATE_INTEGRATION, Operation.CREATE,
                create(ZeroEtlMessages.SOURCE_CLUSTER, unknown, true), null)), ZeroEtlValidator.CASE_SENSITIVE);
        assertEquals(TestStatus.FAILED, test.status());
        assertTrue(test.message().contains("No Redshift cluster in us-east-1 has the namespace " + unknown), test.message());
    }

    @Test
    void aServerlessTargetThatAGovernanceIntegrationAlsoUsesIsAWarningThatDoesNotStopTheCreate() {
        Envelope command = messages.send(MessageTypes.CREATE_INTEGRATION, ZeroEtlMessages.command(Operation.CREATE,
                create(ZeroEtlMessages.SOURCE_CLUSTER, SERVERLESS, true), null)
                .withGovernedEndpoints(List.of(new GovernedEndpoint("g-17", SERVERLESS_HOST.toUpperCase(), 5439))));
        ValidationResults results = validation(command);
        assertEquals(List.of("workgroup sandbox-wg"), test(results, ZeroEtlValidator.CASE_SENSITIVE).result());
        ValidationTest governance = test(results, ZeroEtlValidator.NO_GOVERNANCE);
        assertEquals(TestStatus.WARNING, governance.status());
        assertEquals(List.of("g-17"), governance.result());
        assertEquals(TestStatus.WARNING, results.status());
        messages.await(Topics.BOOTSTRAP, command, MessageTypes.BOOTSTRAP_REQUESTED);
    }

    @Test
    void aTargetWithoutThePolicyFailsWithTheStatementsToAddAndPassesOnceTheyAreThere() throws Exception {
        String target = newTarget("provisioned", true);
        ValidationTest missing = test(validation(messages.send(MessageTypes.CREATE_INTEGRATION, Operation.CREATE,
                create(ZeroEtlMessages.SOURCE_INSTANCE, target, false), null)), ZeroEtlValidator.TARGET_AUTHORISES);
        assertEquals(TestStatus.FAILED, missing.status());
        TargetPolicy policy = new TargetPolicy(target, ZeroEtlMessages.SOURCE_INSTANCE);
        assertTrue(missing.message().contains(TargetPolicy.asDocument(policy.missingFrom(null))), missing.message());
        assertTrue(missing.message().contains("or set config.authorizeTarget to true"), missing.message());

        redshiftApis.redshift("us-east-1").putResourcePolicy(request -> request.resourceArn(target).policy(policy.mergedInto(null)));
        ValidationTest authorised = test(validation(messages.send(MessageTypes.CREATE_INTEGRATION, Operation.CREATE,
                create(ZeroEtlMessages.SOURCE_INSTANCE, target, false), null)), ZeroEtlValidator.TARGET_AUTHORISES);
        assertEquals(TestStatus.PASSED, authorised.status(), authorised.message());
    }

    @Test
    void aPostgresqlSourceNeedsAnIncludeRuleAndItsSourceDatabaseNamed() {
        ValidationResults results = validation(messages.send(MessageTypes.CREATE_INTEGRATION, Operation.CREATE,
                config(ZeroEtlMessages.SOURCE_POSTGRES, PROVISIONED, "exclude: shop.*.*",
                        new ZeroEtlConfig.Materialize(PROVISIONED_HOST, 5439, "shop_copy", "dev", null), null, true), null));
        assertEquals(TestStatus.PASSED, test(results, ZeroEtlValidator.SOURCE_PARAMETERS).status());
        assertEquals(TestStatus.FAILED, test(results, ZeroEtlValidator.FILTER_INCLUDES).status());
        assertEquals(TestStatus.FAILED, test(results, ZeroEtlValidator.SOURCE_DATABASE).status());
    }

    @Test
    void anAdoptionWarnsWhereACreateWouldFailAndGoesOn() throws Exception {
        String target = newTarget("serverless", true); // its policy authorises nothing
        String arn = messages.createdInRds(ZeroEtlMessages.SOURCE_POSTGRES, target);
        Envelope command = messages.send(MessageTypes.CREATE_INTEGRATION, Operation.CREATE,
                config(ZeroEtlMessages.SOURCE_POSTGRES, target, "include: shop.*.*", null, arn, false), null);
        ValidationResults results = validation(command);
        assertEquals(ZeroEtlValidator.KNOWN_TO_RDS, results.validationTests().get(0).name());
        assertEquals(TestStatus.PASSED, results.validationTests().get(0).status());
        ValidationTest authorises = test(results, ZeroEtlValidator.TARGET_AUTHORISES);
        assertEquals(TestStatus.WARNING, authorises.status());
        assertTrue(authorises.message().contains("does not stop the adoption"), authorises.message());
        assertEquals(TestStatus.WARNING, results.status());
        messages.await(Topics.BOOTSTRAP, command, MessageTypes.BOOTSTRAP_REQUESTED);
    }

    @Test
    void anAdoptionOfAnIntegrationRdsDoesNotKnowFails() {
        String arn = "arn:aws:rds:us-east-1:123456789012:integration:" + UUID.randomUUID();
        Envelope command = messages.send(MessageTypes.CREATE_INTEGRATION, Operation.CREATE,
                config(ZeroEtlMessages.SOURCE_CLUSTER, PROVISIONED, null, null, arn, true), null);
        OperationFinished failed = messages.await(Topics.EVENTS, command, MessageTypes.OPERATION_FAILED).payloadAs(OperationFinished.class);
        assertTrue(failed.message().startsWith(ZeroEtlValidator.KNOWN_TO_RDS + ": IntegrationNotFoundFault"), failed.message());
    }

    @Test
    void aWatchBatchIsAnsweredMemberByMember() throws Exception {
        List<ZeroEtlWatchRequest.Member> members = List.of(
                new ZeroEtlWatchRequest.Member(ZeroEtlMessages.newIntegrationId(), UUID.randomUUID(),
                        messages.createdInRds(ZeroEtlMessages.SOURCE_CLUSTER)),
                new ZeroEtlWatchRequest.Member(ZeroEtlMessages.newIntegrationId(), UUID.randomUUID(),
                        messages.createdInRds(ZeroEtlMessages.SOURCE_INSTANCE)),
                new ZeroEtlWatchRequest.Member(ZeroEtlMessages.newIntegrationId(), UUID.randomUUID(),
                        "arn:aws:rds:us-east-1:123456789012:integration:" + UUID.randomUUID()));
        messages.control("Action=StandInSetIntegrationStatus&IntegrationIdentifier=" + members.get(1).integrationArn()
                + "&Status=failed&ErrorCode=SOURCE_GONE&ErrorMessage=gone");
        messages.send(Envelope.of(MessageTypes.WATCH_ZERO_ETL, members.get(0).integrationId(), UUID.randomUUID(),
                new ZeroEtlWatchRequest("us-east-1", members)));
        List<String> statuses = members.stream().map(member -> messages.await(Topics.EVENTS, member.integrationId(),
                member.checkId(), MessageTypes.REVALIDATION_COMPLETED).payloadAs(RevalidationCompleted.class).provider().status()).toList();
        assertTrue(List.of("creating", "active").contains(statuses.get(0)), statuses.toString());
        assertEquals(List.of("failed", "deleted"), statuses.subList(1, 3));
    }
}
