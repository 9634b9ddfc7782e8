package dev.tributary.sandbox.redshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.sandbox.aws.AwsFault;
import dev.tributary.sandbox.aws.JsonProtocol;
import dev.tributary.sandbox.aws.Page;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Redshift Serverless API's actions on zero-ETL targets, in the JSON 1.1 protocol (service
 * {@value #SERVICE}), over the serverless {@link RedshiftTargets}: {@code GetNamespace}, {@code ListWorkgroups}
 * (paged with {@code maxResults} and {@code nextToken}) and {@code GetWorkgroup}, each workgroup with its
 * {@code configParameters}; {@code ResourceNotFoundException} and {@code ValidationException} as the API answers them.
 */
public final class ServerlessActions {
    public static final String SERVICE = "RedshiftServerless";

    /** A new workgroup's configParameters, but for the case-sensitivity one, which is the target's. */
    private static final Map<String, String> CONFIG_PARAMETERS = new LinkedHashMap<>();

    static {
        CONFIG_PARAMETERS.put("auto_mv", "true");
        CONFIG_PARAMETERS.put("datestyle", "ISO, MDY");
        CONFIG_PARAMETERS.put(RedshiftTargets.CASE_SENSITIVE, "false");
        CONFIG_PARAMETERS.put("enable_user_activity_logging", "true");
        CONFIG_PARAMETERS.put("max_query_execution_time", "14400");
        CONFIG_PARAMETERS.put("query_group", "default");
        CONFIG_PARAMETERS.put("require_ssl", "true");
        CONFIG_PARAMETERS.put("search_path", "$user, public");
        CONFIG_PARAMETERS.put("use_fips_ssl", "false");
    }

    private final RedshiftTargets targets;

    public ServerlessActions(RedshiftTargets targets) {
        this.targets = targets;
    }

    /** The output of {@code operation}. */
    public JsonNode act(String operation, JsonNode input) {
        return switch (operation) {
            case "GetNamespace" -> {
                String name = JsonProtocol.required(input, "namespaceName");
                RedshiftTargets.Target target = targets.all(true).stream().filter(known -> known.namespaceName().equals(name))
                        .findFirst().orElseThrow(() -> notFound("Namespace", name));
                yield JsonProtocol.object().set("namespace", namespace(target));
            }
            case "ListWorkgroups" -> listWorkgroups(input);
            case "GetWorkgroup" -> {
                String name = JsonProtocol.required(input, "workgroupName");
                RedshiftTargets.Target target = targets.all(true).stream().filter(known -> known.name().equals(name))
                        .findFirst().orElseThrow(() -> notFound("Workgroup", name));
                yield JsonProtocol.object().set("workgroup", workgroup(target));
            }
            default -> throw new AwsFault("UnknownOperationException", 400, "The operation " + operation
                    + " is not one this stand-in of the Redshift Serverless API knows.");
        };
    }

    private JsonNode listWorkgroups(JsonNode input) {
        int maxResults = input.path("maxResults").asInt(100);
        if (maxResults < 1 || maxResults > 100) {
            throw new AwsFault("ValidationException", 400, "1 validation error detected: Value '" + maxResults
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100");
        }
        String token = input.path("nextToken").asText("0");
        if (!token.matches("[0-9]{1,9}")) {
            throw new AwsFault("ValidationException", 400, "The nextToken is not one this endpoint handed out.");
        }
        Page<RedshiftTargets.Target> page = Page.of(targets.all(true), Integer.parseInt(token), maxResults);
        ObjectNode output = JsonProtocol.object();
        ArrayNode workgroups = output.putArray("workgroups");
        page.items().forEach(target -> workgroups.add(workgroup(target)));
        if (page.next() != null) {
            output.put("nextToken", page.next());
        }
        return output;
    }

    private static AwsFault notFound(String kind, String name) {
        return new AwsFault("ResourceNotFoundException", 400, kind + " " + name + " not found.");
    }

    private static ObjectNode namespace(RedshiftTargets.Target target) {
        ObjectNode namespace = JsonProtocol.object()
                .put("namespaceArn", target.namespace().arn())
                .put("namespaceId", target.namespace().namespaceId())
                .put("namespaceName", target.namespaceName())
                .put("adminUsername", "awsuser")
                .put("dbName", "dev")
                .put("status", "AVAILABLE")
                .put("creationDate", target.created().toString());
        namespace.putArray("iamRoles");
        namespace.putArray("logExports");
        return namespace;
    }

    private static ObjectNode workgroup(RedshiftTargets.Target target) {
        String region = target.namespace().region();
        ObjectNode workgroup = JsonProtocol.object()
                .put("workgroupName", target.name())
                .put("workgroupId", target.workgroupId())
                .put("workgroupArn", "arn:aws:redshift-serverless:" + region + ":" + target.namespace().account()
                        + ":workgroup/" + target.workgroupId())
                .put("namespaceName", target.namespaceName())
                .put("status", "AVAILABLE")
                .put("baseCapacity", 128)
                .put("enhancedVpcRouting", false)
                .put("publiclyAccessible", false)
                .put("port", target.endpointPort())
                .put("creationDate", target.created().toString());
        ArrayNode parameters = workgroup.putArray("configParameters");
        CONFIG_PARAMETERS.forEach((key, value) -> parameters.addObject().put("parameterKey", key).put("parameterValue",
                key.equals(RedshiftTargets.CASE_SENSITIVE) ? Boolean.toString(target.caseSensitive()) : value));
        ObjectNode endpoint = workgroup.putObject("endpoint").put("address", target.endpointAddress()).put("port", target.endpointPort());
        endpoint.putArray("vpcEndpoints");
        return workgroup;
    }
}
