package dev.tributary.gateway.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.governance.PolicyRule;
import dev.tributary.gateway.persistence.PolicyRecord;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A policy as the API shows it: the data sources it applies to in the order they were given, and its rules. */
@JsonPropertyOrder({"id", "name", "dataSources", "rules"})
public record PolicyView(String id, String name, List<String> dataSources,
                         @Schema(type = SchemaType.ARRAY, description = "The rules as they were given: rowFilter"
                                 + " (column, matchesAttribute | inGroups) and mask (columns, method, value, exceptGroups)")
                         JsonNode rules) {
    private static final TypeReference<List<PolicyRule>> RULES = new TypeReference<>() {
    };

    static PolicyView of(PolicyRecord policy) {
        return new PolicyView(policy.idText(), policy.name(), policy.dataSources().stream().map(String::valueOf).toList(),
                rules(policy.rules()));
    }

    /** The rules in the request's shape: each with its {@code type}, without the fields it does not have. */
    private static JsonNode rules(List<PolicyRule> rules) {
        try {
            return Json.read(Json.MAPPER.writerFor(RULES).writeValueAsString(rules));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise policy rules", e);
        }
    }
}
