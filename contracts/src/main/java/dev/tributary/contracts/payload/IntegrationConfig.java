package dev.tributary.contracts.payload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;

/** The non-secret part of an integration's configuration. Credentials travel separately, sealed. */
public sealed interface IntegrationConfig permits RedshiftConfig, ZeroEtlConfig {

    /** What makes two integrations the same target: at most one live integration may exist per key. */
    String targetKey();

    /** A human description of the target for messages, e.g. "host example.com". */
    String targetDescription();

    /** The config as the API shows it, with every credential field replaced by {@code <REDACTED>}. */
    RedactedConfig redacted();

    /** {@link #redacted()} as a JSON tree, as the events carry it. */
    default ObjectNode redactedView() {
        return (ObjectNode) Json.tree(redacted());
    }
}
