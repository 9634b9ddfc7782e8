package dev.tributary.gateway.api;

import java.util.Locale;

/** How a request reached the gateway, for the metrics that tell operators who sends what. */
public enum Channel {
    REST, KAFKA;

    /** The metric tag: {@code rest} or {@code kafka}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
