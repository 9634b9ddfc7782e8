package dev.tributary.contracts.messaging;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.IntegrationSpec;

/**
 * An operation to carry out on an integration. {@code previousSpec} is the integration as it stands, for edits
 * (null otherwise). The credentials the operation needs are a sealed JSON {@link
 * dev.tributary.contracts.payload.Credentials}: the privileged ones for automatic setups, the system account's for
 * manual ones. They are never on a topic in the clear.
 */
public record IntegrationCommand(Operation operation, IntegrationSpec spec, IntegrationSpec previousSpec,
                                 String sealedCredentials) {

    public IntegrationCommand(Operation operation, IntegrationSpec spec, String sealedCredentials) {
        this(operation, spec, null, sealedCredentials);
    }
}
