package dev.tributary.status.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The shape of a page of an integration's timeline (StatusViewRepository.timeline, whose text the database renders).
 * Pages go back in time: the first is the latest entries, each {@code older} leads to the ones before; within a
 * page the entries are oldest first, as in the integration's document, so a page goes in front of the one after it.
 */
@JsonPropertyOrder({"entries", "older"})
public record TimelinePage(@Schema(description = "Up to limit events, oldest first") List<StatusView.TimelineEvent> entries,
                           @JsonInclude(JsonInclude.Include.ALWAYS)
                           @Schema(description = "The URL of the page before this one, or null when this page holds the first event",
                                   nullable = true)
                           String older) {
}
