package dev.tributary.contracts;

import java.util.List;

/** The Kafka topics Tributary reads and writes. Every message on them is an {@link dev.tributary.contracts.messaging.Envelope}. */
public final class Topics {
    /** Written only by the api-gateway (through its outbox); read by the validation-worker. */
    public static final String COMMANDS = "integration.commands";
    /** Work items for the bootstrap-worker, written by the validation-worker once validation allows it. */
    public static final String BOOTSTRAP = "integration.bootstrap";
    /** Everything that happened to an integration; the status view is folded from this topic alone. */
    public static final String EVENTS = "integration.events";
    /** The Kafka front door: requests from other services, answered on {@link #REPLIES}. */
    public static final String REQUESTS = "integration.requests";
    public static final String REPLIES = "integration.replies";

    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    public static final List<String> ALL = List.of(COMMANDS, BOOTSTRAP, EVENTS, REQUESTS, REPLIES,
            deadLetter(COMMANDS), deadLetter(BOOTSTRAP), deadLetter(EVENTS), deadLetter(REQUESTS));

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    private Topics() {
    }
}
