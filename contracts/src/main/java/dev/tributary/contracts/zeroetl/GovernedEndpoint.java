package dev.tributary.contracts.zeroetl;

/**
 * A governance integration of this system, as the zero-ETL preflight compares it with a target's endpoints: a
 * zero-ETL target needs case-sensitive identifiers, which the governed views of a governance integration do not
 * expect.
 */
public record GovernedEndpoint(String integrationId, String host, int port) {
}
