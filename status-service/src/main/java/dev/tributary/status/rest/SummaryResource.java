package dev.tributary.status.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.status.persistence.StatusViewRepository;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /summary}: {@code {"byStatus": {status: count}, "operationsInFlight", "oldestOperationAgeSeconds",
 * "oldestOperationIntegrationId"}}.
 */
@Path("/summary")
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {
    @Inject
    StatusViewRepository view;

    @GET
    public ObjectNode summary() {
        return view.summary();
    }
}
