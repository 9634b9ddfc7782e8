package dev.tributary.status.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The shape of a page of the list (StatusViewRepository.Page, whose items the database renders): the views
 * without their timelines, and how many integrations match the filters.
 */
@JsonPropertyOrder({"items", "total", "limit", "offset"})
public record StatusPage(@Schema(description = "Views without their timeline") List<StatusView> items,
                         long total, int limit, int offset) {
}
