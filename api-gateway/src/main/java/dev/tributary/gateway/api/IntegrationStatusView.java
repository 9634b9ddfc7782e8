package dev.tributary.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.validation.ValidationResults;

/**
 * The answer to create, edit and delete (and to {@code GET /integrations/{id}/status}, which has only the id and
 * the status): the operation's validation results once they are in, and a message when there is something to say.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "status", "validationResults", "message"})
public record IntegrationStatusView(String id, IntegrationStatus status, ValidationResults validationResults,
                                    String message) {

    public IntegrationStatusView withMessage(String replaced) {
        return new IntegrationStatusView(id, status, validationResults, replaced);
    }
}
