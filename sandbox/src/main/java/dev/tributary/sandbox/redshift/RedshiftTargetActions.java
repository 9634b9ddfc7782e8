package dev.tributary.sandbox.redshift;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.contracts.zeroetl.ZeroEtlTarget;
import dev.tributary.sandbox.aws.AwsFault;
import dev.tributary.sandbox.aws.Page;
import dev.tributary.sandbox.aws.QueryProtocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.tributary.sandbox.aws.QueryProtocol.element;
import static dev.tributary.sandbox.aws.QueryProtocol.required;

/**
 * The Redshift API's actions on zero-ETL targets, in the Query protocol, over {@link RedshiftTargets}: the resource
 * policy of a namespace (provisioned or serverless: {@code GetResourcePolicy}, {@code PutResourcePolicy},
 * {@code DeleteResourcePolicy}), {@code DescribeClusters} and {@code DescribeClusterParameters}, with the faults
 * the Redshift API answers ({@code ResourceNotFoundFault}, {@code InvalidPolicyFault}, {@code ClusterNotFound},
 * {@code ClusterParameterGroupNotFound}, {@code InvalidParameterValue}). Also the test control
 * {@code StandInPutTarget} ({@link #putTarget}), which Redshift does not have.
 */
public final class RedshiftTargetActions {
    public static final Set<String> ACTIONS = Set.of("GetResourcePolicy", "PutResourcePolicy", "DeleteResourcePolicy",
            "DescribeClusters", "DescribeClusterParameters");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    /** A parameter of a cluster parameter group, at Redshift's default unless it is the case-sensitivity one. */
    private record Parameter(String name, String engineDefault, String dataType, String allowedValues, String applyType) {
    }

    /** The parameters of Redshift's default parameter group (redshift-2.0). */
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("auto_analyze", "true", "boolean", "true,false", "static"),
            new Parameter("auto_mv", "true", "boolean", "true,false", "static"),
            new Parameter("datestyle", "ISO, MDY", "string", null, "static"),
            new Parameter(RedshiftTargets.CASE_SENSITIVE, "false", "boolean", "true,false", "static"),
            new Parameter("enable_user_activity_logging", "false", "boolean", "true,false", "static"),
            new Parameter("extra_float_digits", "0", "integer", "-15-2", "static"),
            new Parameter("max_concurrency_scaling_clusters", "1", "integer", "0-10", "dynamic"),
            new Parameter("max_cursor_result_set_size", "default", "integer", "0-14400000", "static"),
            new Parameter("query_group", "default", "string", null, "static"),
            new Parameter("require_ssl", "false", "boolean", "true,false", "static"),
            new Parameter("search_path", "$user, public", "string", null, "static"),
            new Parameter("statement_timeout", "0", "integer", "0,100-2147483647", "static"),
            new Parameter("use_fips_ssl", "false", "boolean", "true,false", "static"),
            new Parameter("wlm_json_configuration", "[{\"auto_wlm\":true}]", "string", null, "static"));

    private final RedshiftTargets targets;

    public RedshiftTargetActions(RedshiftTargets targets) {
        this.targets = targets;
    }

    /** The result of one of {@link #ACTIONS}. */
    public String act(String action, Map<String, String> form) {
        return switch (action) {
            case "GetResourcePolicy" -> {
                String arn = knownNamespace(form);
                yield policyXml(arn, targets.policy(arn).orElseThrow(() -> noPolicy(arn)));
            }
            case "PutResourcePolicy" -> {
                String arn = knownNamespace(form);
                String policy = checkedPolicy(required(form, "Policy"));
                targets.putPolicy(arn, policy);
                yield policyXml(arn, policy);
            }
            case "DeleteResourcePolicy" -> {
                String arn = knownNamespace(form);
                if (!targets.deletePolicy(arn)) {
                    throw noPolicy(arn);
                }
                yield "";
            }
            case "DescribeClusters" -> describeClusters(form);
            case "DescribeClusterParameters" -> describeClusterParameters(form);
            default -> throw new AwsFault("InvalidAction", 400, "The action " + action + " is not valid for this endpoint.");
        };
    }

    /**
     * {@code StandInPutTarget}: Kind ({@code provisioned} or {@code serverless}), NamespaceArn (of that kind), Name
     * (the cluster identifier or the workgroup name; a serverless namespace is named {@code <Name>-ns}), and
     * optionally EndpointAddress (else one in the form of Redshift's), EndpointPort (5439) and CaseSensitive (true).
     * Creates the target or replaces the one with its namespace or its kind and name.
     */
    public String putTarget(Map<String, String> form) {
        String kind = required(form, "Kind");
        if (!kind.equals("provisioned") && !kind.equals("serverless")) {
            throw AwsFault.invalid("Kind must be provisioned or serverless, not " + kind + ".");
        }
        boolean serverless = kind.equals("serverless");
        String arn = required(form, "NamespaceArn");
        ZeroEtlTarget namespace = ZeroEtlTarget.parse(arn).filter(parsed -> parsed.kind() == (serverless
                ? ZeroEtlTarget.Kind.SERVERLESS : ZeroEtlTarget.Kind.PROVISIONED)).orElseThrow(() -> AwsFault.invalid(
                "NamespaceArn must be a " + kind + " namespace's ARN (" + ZeroEtlTarget.FORMS + "), not " + arn + "."));
        String name = required(form, "Name");
        if (name.length() > 63 || !NAME.matcher(name).matches()) {
            throw AwsFault.invalid("Name must have 1 to 63 lower-case letters, digits and single hyphens, starting with a letter.");
        }
        String address = form.getOrDefault("EndpointAddress", serverless
                ? name + "." + namespace.account() + "." + namespace.region() + ".redshift-serverless.amazonaws.com"
                : name + ".c0ffee123456." + namespace.region() + ".redshift.amazonaws.com");
        int port = QueryProtocol.number(form, "EndpointPort", 5439);
        String caseSensitive = form.getOrDefault("CaseSensitive", "true");
        if (!caseSensitive.equals("true") && !caseSensitive.equals("false")) {
            throw AwsFault.invalid("CaseSensitive must be true or false, not " + caseSensitive + ".");
        }
        targets.put(serverless
                ? RedshiftTargets.Target.serverless(arn, name, address, port, Boolean.parseBoolean(caseSensitive))
                : RedshiftTargets.Target.provisioned(arn, name, address, port, Boolean.parseBoolean(caseSensitive)));
        return "";
    }

    private String knownNamespace(Map<String, String> form) {
        String arn = required(form, "ResourceArn");
        if (ZeroEtlTarget.parse(arn).isEmpty()) {
            throw AwsFault.invalid("ResourceArn must be a namespace's ARN: " + ZeroEtlTarget.FORMS + ".");
        }
        if (targets.byNamespace(arn).isEmpty()) {
            throw new AwsFault("ResourceNotFoundFault", 404, "The resource " + arn + " could not be found.");
        }
        return arn;
    }

    private static AwsFault noPolicy(String arn) {
        return new AwsFault("ResourceNotFoundFault", 404, "The resource policy of " + arn + " could not be found.");
    }

    /** A policy the Redshift API takes: a JSON object with a Statement (one, or a list). */
    private static String checkedPolicy(String policy) {
        JsonNode document;
        try {
            document = JSON.readTree(policy);
        } catch (IOException e) {
            throw new AwsFault("InvalidPolicyFault", 400, "The resource policy isn't valid: it is not JSON.");
        }
        JsonNode statement = document == null ? null : document.path("Statement");
        if (document == null || !document.isObject() || !(statement.isArray() || statement.isObject())) {
            throw new AwsFault("InvalidPolicyFault", 400, "The resource policy isn't valid: it must be a JSON object with a Statement.");
        }
        return policy;
    }

    private static String policyXml(String arn, String policy) {
        return "<ResourcePolicy>" + element("ResourceArn", arn) + element("Policy", policy) + "</ResourcePolicy>";
    }

    private String describeClusters(Map<String, String> form) {
        String identifier = form.get("ClusterIdentifier");
        int maxRecords = QueryProtocol.maxRecords(form);
        List<RedshiftTargets.Target> clusters = targets.all(false).stream()
                .filter(target -> identifier == null || target.name().equals(identifier)).toList();
        if (identifier != null && clusters.isEmpty()) {
            throw new AwsFault("ClusterNotFound", 404, "Cluster " + identifier + " not found.");
        }
        Page<RedshiftTargets.Target> page = Page.of(clusters, QueryProtocol.marker(form), maxRecords);
        StringBuilder xml = new StringBuilder("<Clusters>");
        for (RedshiftTargets.Target cluster : page.items()) {
            xml.append("<Cluster>").append(element("ClusterIdentifier", cluster.name())).append(element("NodeType", "ra3.xlplus"))
                    .append(element("ClusterStatus", "available")).append(element("ClusterAvailabilityStatus", "Available"))
                    .append(element("MasterUsername", "awsuser")).append(element("DBName", "dev"))
                    .append("<Endpoint>").append(element("Address", cluster.endpointAddress()))
                    .append(element("Port", Integer.toString(cluster.endpointPort()))).append("</Endpoint>")
                    .append(element("ClusterCreateTime", cluster.created().toString()))
                    .append("<ClusterParameterGroups><ClusterParameterGroup>")
                    .append(element("ParameterGroupName", cluster.parameterGroup())).append(element("ParameterApplyStatus", "in-sync"))
                    .append("</ClusterParameterGroup></ClusterParameterGroups>")
                    .append(element("NumberOfNodes", "2")).append(element("Encrypted", "true"))
                    .append(element("ClusterNamespaceArn", cluster.namespace().arn())).append("</Cluster>");
        }
        return xml.append("</Clusters>").append(element("Marker", page.next())).toString();
    }

    private String describeClusterParameters(Map<String, String> form) {
        String group = required(form, "ParameterGroupName");
        String source = form.get("Source");
        if (source != null && !source.equals("user") && !source.equals("engine-default")) {
            throw AwsFault.invalid("Source must be user or engine-default.");
        }
        int maxRecords = QueryProtocol.maxRecords(form);
        RedshiftTargets.Target cluster = targets.all(false).stream().filter(target -> target.parameterGroup().equals(group))
                .findFirst().orElseThrow(() -> new AwsFault("ClusterParameterGroupNotFound", 404,
                        "The parameter group " + group + " does not exist."));
        List<String> parameters = new ArrayList<>();
        for (Parameter parameter : PARAMETERS) {
            String value = parameter.name.equals(RedshiftTargets.CASE_SENSITIVE)
                    ? Boolean.toString(cluster.caseSensitive()) : parameter.engineDefault;
            String origin = value.equals(parameter.engineDefault) ? "engine-default" : "user";
            if (source == null || source.equals(origin)) {
                parameters.add("<Parameter>" + element("ParameterName", parameter.name) + element("ParameterValue", value)
                        + element("Source", origin) + element("DataType", parameter.dataType)
                        + element("AllowedValues", parameter.allowedValues) + element("ApplyType", parameter.applyType)
                        + "<IsModifiable>true</IsModifiable></Parameter>");
            }
        }
        Page<String> page = Page.of(parameters, QueryProtocol.marker(form), maxRecords);
        return "<Parameters>" + String.join("", page.items()) + "</Parameters>" + element("Marker", page.next());
    }
}
