package dev.tributary.contracts.messaging;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.IntegrationSpec;

/**
 * An operation to carry out on an integration. The credentials it needs are a sealed JSON {@link
 * dev.tributary.contracts.payload.Credentials}; they are never on a topic in the clear.
 */
public record IntegrationCommand(Operation operation, IntegrationSpec spec, String sealedCredentials) {
}
