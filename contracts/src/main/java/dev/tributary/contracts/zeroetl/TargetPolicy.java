package dev.tributary.contracts.zeroetl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The statements a Redshift namespace's resource policy needs before RDS may create a zero-ETL integration into
 * it: the source authorised as an integration source ({@code redshift:AuthorizeInboundIntegration} for the
 * Redshift service, on the condition that the caller is the source), and the source's account as the principal that
 * may create it ({@code redshift:CreateInboundIntegration}). Used to check a policy (which statements are missing)
 * and to write one (the missing statements added to those already there, which stay as they are).
 */
public final class TargetPolicy {
    public static final String AUTHORIZE = "redshift:AuthorizeInboundIntegration";
    public static final String CREATE = "redshift:CreateInboundIntegration";
    public static final String VERSION = "2012-10-17";

    private final String targetArn;
    private final String sourceArn;
    private final String account;

    public TargetPolicy(String targetArn, String sourceArn) {
        this.targetArn = targetArn;
        this.sourceArn = sourceArn;
        this.account = sourceArn.split(":")[4];
    }

    /**
     * The statement that authorises the source. Its id names the source (a digest of its ARN, since ids are
     * alphanumeric), so that several sources authorised into one target keep distinct ids, which IAM requires.
     */
    public ObjectNode sourceStatement() {
        ObjectNode statement = statement("TributaryAuthorizeSource" + digest(sourceArn), AUTHORIZE);
        statement.putObject("Principal").put("Service", "redshift.amazonaws.com");
        statement.putObject("Condition").putObject("StringEquals").put("aws:SourceArn", sourceArn);
        return statement;
    }

    /** The statement that lets the source's account create the integration; its id names the account. */
    public ObjectNode principalStatement() {
        ObjectNode statement = statement("TributaryAuthorizeCreator" + account, CREATE);
        statement.putObject("Principal").put("AWS", principal());
        return statement;
    }

    /** The statements {@code policy} (a policy document, or null for none) lacks; empty when it authorises both. */
    public List<ObjectNode> missingFrom(String policy) {
        List<JsonNode> statements = statements(policy);
        List<ObjectNode> missing = new ArrayList<>();
        if (statements.stream().noneMatch(this::authorisesSource)) {
            missing.add(sourceStatement());
        }
        if (statements.stream().noneMatch(this::authorisesCreator)) {
            missing.add(principalStatement());
        }
        return missing;
    }

    /** {@code policy} with the missing statements appended; the statements there are kept as they are. */
    public String mergedInto(String policy) {
        ObjectNode document = policy == null || policy.isBlank() ? Json.MAPPER.createObjectNode() : document(policy);
        if (!document.has("Version")) {
            document.put("Version", VERSION);
        }
        List<ObjectNode> missing = missingFrom(policy);
        JsonNode existing = document.get("Statement");
        ArrayNode statements = Json.MAPPER.createArrayNode();
        if (existing != null && existing.isArray()) {
            statements.addAll((ArrayNode) existing);
        } else if (existing != null && existing.isObject()) {
            statements.add(existing); // a single statement may stand alone; written back as a list
        }
        missing.forEach(statements::add);
        document.set("Statement", statements);
        return Json.write(document);
    }

    /** The statements to add, as a policy document a person can paste: the message of a failed check. */
    public static String asDocument(List<ObjectNode> statements) {
        ObjectNode document = Json.MAPPER.createObjectNode().put("Version", VERSION);
        document.putArray("Statement").addAll(statements);
        return Json.write(document);
    }

    private ObjectNode statement(String sid, String action) {
        ObjectNode statement = Json.MAPPER.createObjectNode();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.put("Action", action);
        statement.put("Resource", targetArn);
        return statement;
    }

    /** Twelve hex digits of the SHA-256 of {@code text}: short, alphanumeric, and distinct for distinct sources. */
    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private String principal() {
        return "arn:" + sourceArn.split(":")[1] + ":iam::" + account + ":root";
    }

    private boolean authorisesSource(JsonNode statement) {
        return allows(statement, AUTHORIZE) && mentions(statement.path("Principal").path("Service"), "redshift.amazonaws.com")
                && conditionNames(statement.path("Condition"), sourceArn);
    }

    private boolean authorisesCreator(JsonNode statement) {
        JsonNode principal = statement.path("Principal").path("AWS");
        return allows(statement, CREATE) && (mentions(principal, principal()) || mentions(principal, account));
    }

    private boolean allows(JsonNode statement, String action) {
        return "Allow".equals(statement.path("Effect").asText())
                && (mentions(statement.path("Action"), action) || mentions(statement.path("Action"), "redshift:*"))
                && (mentions(statement.path("Resource"), targetArn) || mentions(statement.path("Resource"), "*"));
    }

    /** Whether a condition block names {@code value} as {@code aws:SourceArn} under any operator. */
    private static boolean conditionNames(JsonNode condition, String value) {
        for (JsonNode operator : condition) {
            if (mentions(operator.path("aws:SourceArn"), value)) {
                return true;
            }
        }
        return false;
    }

    /** A policy field holds one value or a list of them. */
    private static boolean mentions(JsonNode field, String value) {
        if (field.isArray()) {
            for (JsonNode item : field) {
                if (value.equals(item.asText())) {
                    return true;
                }
            }
            return false;
        }
        return value.equals(field.asText(null));
    }

    private static List<JsonNode> statements(String policy) {
        List<JsonNode> statements = new ArrayList<>();
        if (policy == null || policy.isBlank()) {
            return statements;
        }
        JsonNode statement = document(policy).path("Statement");
        if (statement.isArray()) {
            statement.forEach(statements::add);
        } else if (statement.isObject()) {
            statements.add(statement);
        } else if (!statement.isMissingNode()) {
            throw new UnreadablePolicyException("its Statement is neither a statement nor a list of them");
        }
        return statements;
    }

    /** The policy as a JSON object; anything else cannot be merged into without losing what it says. */
    private static ObjectNode document(String policy) {
        JsonNode document;
        try {
            document = Json.MAPPER.readTree(policy);
        } catch (JsonProcessingException e) {
            throw new UnreadablePolicyException("it is not JSON (at " + Json.position(e) + ")");
        }
        if (!(document instanceof ObjectNode object)) {
            throw new UnreadablePolicyException("it is not a JSON object");
        }
        return object;
    }

    /** The target's policy cannot be read as a policy document, so no statement can be checked or added safely. */
    public static final class UnreadablePolicyException extends RuntimeException {
        UnreadablePolicyException(String reason) {
            super("The resource policy cannot be read as a policy document: " + reason
                    + ". Fix it in the Redshift console or with aws redshift put-resource-policy, then try again.");
        }
    }
}
