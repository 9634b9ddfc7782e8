package dev.tributary.status.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/** What an ops dashboard shows first: counts by status, the operations in flight, and the oldest of them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"byStatus", "operationsInFlight", "oldestOperationAgeSeconds", "oldestOperationIntegrationId"})
public record Summary(@Schema(description = "Integrations by status, statuses in alphabetical order") Map<String, Long> byStatus,
                      long operationsInFlight,
                      @Schema(description = "Only while an operation is in flight") Long oldestOperationAgeSeconds,
                      @Schema(description = "Only while an operation is in flight") String oldestOperationIntegrationId) {
}
