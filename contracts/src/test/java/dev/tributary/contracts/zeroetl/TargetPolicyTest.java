package dev.tributary.contracts.zeroetl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The statements a zero-ETL target's resource policy needs, found missing and merged with those there. */
class TargetPolicyTest {
    private static final String TARGET = "arn:aws:redshift:us-east-1:123456789012:namespace:8c3b5a1e-0f0d-4d1c-9c51-2b0a3f6d7e11";
    private static final String SOURCE = "arn:aws:rds:us-east-1:210987654321:cluster:orders";
    private final TargetPolicy policy = new TargetPolicy(TARGET, SOURCE);

    @Test
    void withoutAPolicyBothStatementsAreMissing() {
        List<String> missing = policy.missingFrom(null).stream().map(statement -> statement.get("Action").asText()).toList();
        assertEquals(List.of(TargetPolicy.AUTHORIZE, TargetPolicy.CREATE), missing);
        JsonNode source = policy.sourceStatement();
        assertEquals("redshift.amazonaws.com", source.at("/Principal/Service").asText());
        assertEquals(SOURCE, source.at("/Condition/StringEquals/aws:SourceArn").asText());
        assertEquals("arn:aws:iam::210987654321:root", policy.principalStatement().at("/Principal/AWS").asText());
    }

    @Test
    void mergingKeepsTheStatementsThereAndAddsOnlyWhatIsMissing() {
        String existing = """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": ["210987654321"]},
                 "Action": ["redshift:CreateInboundIntegration"], "Resource": "*"}}""";
        assertEquals(1, policy.missingFrom(existing).size());
        String merged = policy.mergedInto(existing);
        JsonNode statements = Json.read(merged).get("Statement");
        assertEquals(2, statements.size());
        assertEquals("*", statements.get(0).get("Resource").asText());
        assertEquals(TargetPolicy.AUTHORIZE, statements.get(1).get("Action").asText());
        assertEquals(List.of(), policy.missingFrom(merged));
        assertEquals(merged, policy.mergedInto(merged));
    }

    @Test
    void aStatementForAnotherSourceOrADenyDoesNotCount() {
        String other = policy.mergedInto(null).replace(SOURCE, "arn:aws:rds:us-east-1:210987654321:cluster:another");
        assertEquals(List.of(TargetPolicy.AUTHORIZE), policy.missingFrom(other).stream().map(s -> s.get("Action").asText()).toList());
        String denied = policy.mergedInto(null).replace("Allow", "Deny");
        assertEquals(2, policy.missingFrom(denied).size());
        assertTrue(TargetPolicy.asDocument(policy.missingFrom(denied)).startsWith("{\"Version\":\"2012-10-17\",\"Statement\":["));
    }

    @Test
    void twoSourcesAuthorisedIntoOneTargetKeepDistinctStatementIds() {
        TargetPolicy another = new TargetPolicy(TARGET, "arn:aws:rds:us-east-1:210987654321:cluster:invoices");
        String both = another.mergedInto(policy.mergedInto(null));
        List<String> ids = new java.util.ArrayList<>();
        Json.read(both).get("Statement").forEach(statement -> ids.add(statement.get("Sid").asText()));
        assertEquals(3, ids.size(), both); // the account's creator statement is shared
        assertEquals(3, ids.stream().distinct().count(), both);
        assertTrue(ids.stream().allMatch(id -> id.matches("[A-Za-z0-9]+")), both);
    }

    @Test
    void aPolicyThatIsNoPolicyDocumentIsRefusedRatherThanOverwritten() {
        for (String unreadable : List.of("not json", "[1, 2]", "{\"Statement\": \"Allow\"}")) {
            TargetPolicy.UnreadablePolicyException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    TargetPolicy.UnreadablePolicyException.class, () -> policy.mergedInto(unreadable));
            assertTrue(refused.getMessage().startsWith("The resource policy cannot be read as a policy document: "), refused.getMessage());
            assertFalse(refused.getMessage().contains(unreadable), "the policy's text is not repeated: " + refused.getMessage());
        }
    }

    @Test
    void targetArnsNameAProvisionedOrAServerlessNamespace() {
        assertEquals(ZeroEtlTarget.Kind.PROVISIONED, ZeroEtlTarget.parse(TARGET).orElseThrow().kind());
        ZeroEtlTarget serverless = ZeroEtlTarget.parse(
                "arn:aws:redshift-serverless:eu-west-1:123456789012:namespace/2f6d0c7a-5b4e-4e8e-a1d2-7c9b3e5f1a20").orElseThrow();
        assertEquals(List.of("SERVERLESS", "eu-west-1", "123456789012", "2f6d0c7a-5b4e-4e8e-a1d2-7c9b3e5f1a20"),
                List.of(serverless.kind().name(), serverless.region(), serverless.account(), serverless.namespaceId()));
        assertTrue(ZeroEtlTarget.parse("arn:aws:redshift:us-east-1:123456789012:cluster:sandbox").isEmpty());
    }

    @Test
    void providerErrorsReadTheirShapeAndTheLinesOfOlderEvents() {
        assertEquals(new ProviderError("BinlogFormat", "binlog_format must be ROW"),
                Json.convert(Json.read("{\"code\": \"BinlogFormat\", \"message\": \"binlog_format must be ROW\"}"), ProviderError.class));
        assertEquals(new ProviderError("BinlogFormat", "binlog_format must be ROW"),
                Json.convert(Json.read("\"BinlogFormat: binlog_format must be ROW\""), ProviderError.class));
        assertEquals("{\"code\":\"A\",\"message\":\"b\"}", Json.write(new ProviderError("A", "b")));
    }
}
