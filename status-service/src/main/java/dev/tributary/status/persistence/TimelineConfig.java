package dev.tributary.status.persistence;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How much of a timeline one read returns ({@code tributary.timeline.*}). */
@ConfigMapping(prefix = "tributary.timeline")
public interface TimelineConfig {

    /**
     * How many of the latest timeline entries GET /integrations/{id} carries (1 or more); older ones are paged through
     * GET /integrations/{id}/timeline, whose link the document gives as olderTimeline.
     */
    @WithDefault("50")
    int latestEntries();
}
