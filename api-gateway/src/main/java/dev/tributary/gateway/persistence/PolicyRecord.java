package dev.tributary.gateway.persistence;

import dev.tributary.contracts.governance.PolicyRule;

import java.util.List;

/** A policy as the gateway holds it: its rules, and the data sources it applies to in the order they were named. */
public record PolicyRecord(long id, String name, List<PolicyRule> rules, List<Long> dataSources) {

    public String idText() {
        return Long.toString(id);
    }
}
