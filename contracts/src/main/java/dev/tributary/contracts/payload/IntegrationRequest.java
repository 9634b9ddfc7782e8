package dev.tributary.contracts.payload;

/** A checked create or update request: the spec, and the credentials it came with (still in the clear, in memory only). */
public record IntegrationRequest(IntegrationSpec spec, Credentials credentials) {
}
