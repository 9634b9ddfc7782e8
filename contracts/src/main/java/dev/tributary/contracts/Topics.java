package dev.tributary.contracts;

import java.util.List;

/**
 * The Kafka topics Tributary reads and writes. Every message on the integration topics is an
 * {@link dev.tributary.contracts.messaging.Envelope}; {@link #API_KEYS} carries {@link dev.tributary.contracts.access.ApiKeyChanged}.
 */
public final class Topics {
    /** Written only by the api-gateway (through its outbox); read by the validation-worker. */
    public static final String COMMANDS = "integration.commands";
    /**
     * Periodic and asked-for checks ({@code RevalidateIntegration}, {@code WatchZeroEtlIntegrations}), written by the
     * api-gateway's check scheduler through its outbox and read by the validation-worker's own consumer for checks:
     * a sweep of thousands of integrations never queues in front of a user's command.
     */
    public static final String CHECKS = "integration.checks";
    /** Work items for the bootstrap-worker, written by the validation-worker once validation allows it. */
    public static final String BOOTSTRAP = "integration.bootstrap";
    /** Everything that happened to an integration; the status view is folded from this topic alone. */
    public static final String EVENTS = "integration.events";
    /** The Kafka front door: requests from other services, answered on {@link #REPLIES}. */
    public static final String REQUESTS = "integration.requests";
    public static final String REPLIES = "integration.replies";

    /** API keys granted and revoked at the gateway, for the other services that authenticate callers; compacted. */
    public static final String API_KEYS = "access.api-keys";

    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    public static final List<String> ALL = List.of(COMMANDS, CHECKS, BOOTSTRAP, EVENTS, REQUESTS, REPLIES, API_KEYS,
            deadLetter(COMMANDS), deadLetter(CHECKS), deadLetter(BOOTSTRAP), deadLetter(EVENTS), deadLetter(REQUESTS), deadLetter(API_KEYS));

    /** Topics that keep only the latest record per key. */
    public static final List<String> COMPACTED = List.of(API_KEYS);

    /**
     * Topics whose records carry credentials: sealed in commands and bootstrap work, possibly in the clear in a
     * front-door request; checks carry the system account's. The gateway deletes their records once every group that reads them has read them, and
     * these topics and their dead-letter topics keep records only briefly, so that a credential does not outlive its
     * operation on the brokers' disks.
     */
    public static final List<String> CREDENTIAL_CARRYING = List.of(COMMANDS, CHECKS, BOOTSTRAP, REQUESTS);

    /** One of {@link #CREDENTIAL_CARRYING} or its dead-letter topic: a topic that keeps records only briefly. */
    public static boolean carriesCredentials(String topic) {
        return CREDENTIAL_CARRYING.stream().anyMatch(carrying -> topic.equals(carrying) || topic.equals(deadLetter(carrying)));
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    private Topics() {
    }
}
