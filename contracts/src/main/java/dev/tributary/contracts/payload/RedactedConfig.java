package dev.tributary.contracts.payload;

/**
 * An integration's config as the APIs show it and the events carry it: every credential replaced by
 * {@code <REDACTED>}. Which record it is follows from the integration's {@code type}; the JSON carries no type
 * field of its own (the spec's examples have none), so it is written as the record's own fields.
 */
public sealed interface RedactedConfig permits RedactedRedshiftConfig, RedactedZeroEtlConfig {
}
