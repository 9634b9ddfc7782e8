package dev.tributary.gateway.api;

/**
 * An answer of the API, independent of the transport: HTTP writes it as a response, the Kafka front door as a reply.
 * {@code body} is one of this package's answer records, a list of them, or an {@code ErrorBody}.
 */
public record ApiAnswer(int status, Object body) {
}
