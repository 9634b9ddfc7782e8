package dev.tributary.gateway.messaging;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Map;

/** The settings of {@link CredentialTopicPurge} ({@code tributary.credential-purge.*}). */
@ConfigMapping(prefix = "tributary.credential-purge")
public interface CredentialPurgeConfig {

    /** How often the purge runs (a duration such as {@code 30s}); {@code off} stops it. */
    String interval();

    /**
     * By credential-carrying topic ({@code readers."integration.commands"}), the consumer groups that read it: a record
     * is deleted once every one of them has committed past it. A group missing here would lose records it has not read.
     */
    Map<String, List<String>> readers();
}
