package dev.tributary.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.payload.IntegrationRequestParser;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.service.IntegrationService;
import dev.tributary.gateway.service.ValidationWait;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The /integrations operations, shared by the REST resource and the Kafka front door so that both validate,
 * decide conflicts and answer the same way. Reads come from the gateway's registry (its write model), so an
 * integration is visible the moment its create returns.
 */
@ApplicationScoped
public class IntegrationApi {
    @Inject
    IntegrationService service;
    @Inject
    ValidationWait validationWait;

    public ApiAnswer create(JsonNode body) {
        return afterValidation(service.create(IntegrationRequestParser.parse(body)));
    }

    public ApiAnswer update(String id, JsonNode body) {
        return afterValidation(service.update(id, IntegrationRequestParser.parse(body)));
    }

    public ApiAnswer delete(String id, JsonNode body) {
        long deleted = service.delete(id, IntegrationRequestParser.parseDeleteCredentials(body));
        IntegrationRecord record = service.getAfterDelete(deleted);
        // a manual integration is deregistered at once; an automatic one is validated, then torn down
        return record.status() == IntegrationStatus.DELETED ? new ApiAnswer(200, IntegrationViews.status(record)) : afterValidation(deleted);
    }

    public ApiAnswer get(String id) {
        return new ApiAnswer(200, IntegrationViews.full(service.get(id)));
    }

    public ApiAnswer status(String id) {
        return new ApiAnswer(200, IntegrationViews.statusOnly(service.get(id)));
    }

    public ApiAnswer list() {
        return new ApiAnswer(200, service.list().stream().map(IntegrationViews::full).toList());
    }

    /** Waits (bounded) for the operation's validation results; answers 202 with a note when they are not in yet. */
    private ApiAnswer afterValidation(long id) {
        IntegrationRecord record = validationWait.await(id);
        IntegrationStatusView answer = IntegrationViews.status(record);
        if (record.validationResults() == null) {
            return new ApiAnswer(202, answer.withMessage("Validation has not finished within "
                    + validationWait.limit().toSeconds() + "s; poll GET /integrations/" + id + " for its results."));
        }
        return new ApiAnswer(200, answer);
    }
}
