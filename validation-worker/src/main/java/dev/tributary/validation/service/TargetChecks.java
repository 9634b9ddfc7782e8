package dev.tributary.validation.service;

import dev.tributary.support.rds.AwsFaults;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.GovernedEndpoint;
import dev.tributary.contracts.zeroetl.ZeroEtlTarget;
import dev.tributary.support.rds.RedshiftApiClients;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Cluster;
import software.amazon.awssdk.services.redshift.model.Parameter;
import software.amazon.awssdk.services.redshiftserverless.RedshiftServerlessClient;
import software.amazon.awssdk.services.redshiftserverless.model.ConfigParameter;
import software.amazon.awssdk.services.redshiftserverless.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftserverless.model.Workgroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The zero-ETL target as the Redshift APIs describe it: the provisioned cluster whose namespace {@code targetArn}
 * names (DescribeClusters) or the serverless workgroups of that namespace (ListWorkgroups, GetNamespace), their
 * endpoints, and the preflight test that they use case-sensitive identifiers, which zero-ETL needs
 * ({@code enable_case_sensitive_identifier}: the cluster's parameter group, or the workgroup's config parameters).
 */
final class TargetChecks {
    static final String CASE_SENSITIVE = "Validate Zero-ETL: Target Uses Case-Sensitive Identifiers";
    static final String PARAMETER = "enable_case_sensitive_identifier";
    /** The largest page of DescribeClusters, DescribeClusterParameters and ListWorkgroups. */
    private static final int PAGE = 100;

    /** A host and port a client connects to. */
    record Endpoint(String host, int port) {
        boolean sameAs(GovernedEndpoint governed) {
            return host.equalsIgnoreCase(governed.host()) && port == governed.port();
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** What the lookup found: the case-sensitivity test, and the target's endpoints (none when it was not found). */
    record Target(ValidationTest caseSensitivity, List<Endpoint> endpoints) {
    }

    private TargetChecks() {
    }

    static Target describe(RedshiftApiClients clients, ZeroEtlTarget target) {
        try {
            return target.kind() == ZeroEtlTarget.Kind.PROVISIONED ? provisioned(clients.redshift(target.region()), target)
                    : serverless(clients.serverless(target.region()), target);
        } catch (AwsServiceException e) {
            AwsFaults.rethrowIfPassing(e);
            return new Target(ValidationTest.failed(CASE_SENSITIVE, AwsFaults.describe(e) + " (describing the target "
                    + target.arn() + ")"), List.of());
        }
    }

    private static Target provisioned(RedshiftClient redshift, ZeroEtlTarget target) {
        Optional<Cluster> match = redshift.describeClustersPaginator(request -> request.maxRecords(PAGE)).clusters().stream()
                .filter(cluster -> target.arn().equals(cluster.clusterNamespaceArn())).findFirst();
        if (match.isEmpty()) {
            return new Target(ValidationTest.failed(CASE_SENSITIVE, "No Redshift cluster in " + target.region()
                    + " has the namespace " + target.arn() + ". Check config.targetArn: a provisioned target is named by"
                    + " its cluster's ClusterNamespaceArn (aws redshift describe-clusters)."), List.of());
        }
        Cluster cluster = match.get();
        List<Endpoint> endpoints = cluster.endpoint() == null || cluster.endpoint().address() == null ? List.of()
                : List.of(new Endpoint(cluster.endpoint().address(), cluster.endpoint().port()));
        String group = cluster.clusterParameterGroups().isEmpty() ? null
                : cluster.clusterParameterGroups().get(0).parameterGroupName();
        String value = group == null ? null : redshift.describeClusterParametersPaginator(request -> request
                        .parameterGroupName(group).maxRecords(PAGE)).parameters().stream()
                .filter(parameter -> PARAMETER.equals(parameter.parameterName()))
                .map(Parameter::parameterValue).findFirst().orElse(null);
        return new Target(provisionedVerdict(cluster.clusterIdentifier(), group, value), endpoints);
    }

    private static Target serverless(RedshiftServerlessClient serverless, ZeroEtlTarget target) {
        Map<String, Boolean> isTarget = new HashMap<>(); // by namespace name: several workgroups may share one
        List<Workgroup> workgroups = new ArrayList<>();
        for (Workgroup workgroup : serverless.listWorkgroupsPaginator(request -> request.maxResults(PAGE)).workgroups()) {
            if (isTarget.computeIfAbsent(workgroup.namespaceName(), name -> namespaceArn(serverless, name)
                    .map(target.arn()::equals).orElse(false))) {
                workgroups.add(workgroup);
            }
        }
        if (workgroups.isEmpty()) {
            return new Target(ValidationTest.failed(CASE_SENSITIVE, "No Redshift Serverless workgroup in " + target.region()
                    + " belongs to the namespace " + target.arn() + ". Check config.targetArn (aws redshift-serverless"
                    + " list-namespaces: namespaceArn), or create a workgroup for the namespace."), List.of());
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (Workgroup workgroup : workgroups) {
            if (workgroup.endpoint() != null && workgroup.endpoint().address() != null) {
                endpoints.add(new Endpoint(workgroup.endpoint().address(), workgroup.endpoint().port()));
            }
            ValidationTest verdict = serverlessVerdict(workgroup.workgroupName(), workgroup.configParameters().stream()
                    .filter(parameter -> PARAMETER.equals(parameter.parameterKey()))
                    .map(ConfigParameter::parameterValue).findFirst().orElse(null));
            if (verdict.status() != TestStatus.PASSED) {
                return new Target(verdict, endpoints);
            }
        }
        return new Target(ValidationTest.passed(CASE_SENSITIVE, workgroups.stream()
                .map(workgroup -> (Object) ("workgroup " + workgroup.workgroupName())).toList()), endpoints);
    }

    /** A namespace's ARN; empty when it went away between ListWorkgroups and GetNamespace. */
    private static Optional<String> namespaceArn(RedshiftServerlessClient serverless, String name) {
        try {
            return Optional.ofNullable(serverless.getNamespace(request -> request.namespaceName(name)).namespace().namespaceArn());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The verdict on a provisioned cluster's {@code enable_case_sensitive_identifier} (null: unset, off by default). */
    static ValidationTest provisionedVerdict(String cluster, String group, String value) {
        if (on(value)) {
            return ValidationTest.passed(CASE_SENSITIVE, List.of("cluster " + cluster));
        }
        String fix = group == null || group.startsWith("default.")
                ? "The cluster uses " + (group == null ? "no parameter group of its own" : "the default parameter group " + group
                + ", which cannot be changed") + ": create a cluster parameter group with " + PARAMETER + "=true, attach it"
                + " (aws redshift modify-cluster --cluster-identifier " + cluster + " --cluster-parameter-group-name <group>)"
                + " and reboot the cluster."
                : "Set it with aws redshift modify-cluster-parameter-group --parameter-group-name " + group
                + " --parameters ParameterName=" + PARAMETER + ",ParameterValue=true, then reboot the cluster " + cluster + ".";
        return ValidationTest.failed(CASE_SENSITIVE, offMessage(value, "cluster " + cluster
                + (group == null ? "" : " (parameter group " + group + ")")) + fix);
    }

    /** The verdict on a serverless workgroup's {@code enable_case_sensitive_identifier} (null: unset, off by default). */
    static ValidationTest serverlessVerdict(String workgroup, String value) {
        if (on(value)) {
            return ValidationTest.passed(CASE_SENSITIVE, List.of("workgroup " + workgroup));
        }
        return ValidationTest.failed(CASE_SENSITIVE, offMessage(value, "workgroup " + workgroup) + "Set it with aws"
                + " redshift-serverless update-workgroup --workgroup-name " + workgroup + " --config-parameters parameterKey="
                + PARAMETER + ",parameterValue=true.");
    }

    private static String offMessage(String value, String where) {
        return PARAMETER + " is " + (value == null ? "unset (false by default)" : value) + " on the target's " + where
                + "; zero-ETL needs it true, or names that differ only in case would collide in Redshift. ";
    }

    private static boolean on(String value) {
        String setting = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return setting.equals("true") || setting.equals("on") || setting.equals("1");
    }
}
