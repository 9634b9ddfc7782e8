package dev.tributary.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.payload.IntegrationRequest;
import dev.tributary.contracts.payload.IntegrationRequestParser;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.security.ClientSealing;
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
    @Inject
    ClientSealing clientSealing;

    public ApiAnswer create(JsonNode body, Channel channel) {
        return afterValidation(service.create(request(body, channel)));
    }

    public ApiAnswer update(String id, JsonNode body, Channel channel) {
        return afterValidation(service.update(id, request(body, channel)));
    }

    public ApiAnswer delete(String id, JsonNode body, Channel channel) {
        long deleted = service.delete(id, IntegrationRequestParser.parseDeleteCredentials(body, clientSealing.secretValues(channel)));
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

    /** A create or update body, checked; passwords that the client sealed to the gateway are opened. */
    public IntegrationRequest request(JsonNode body, Channel channel) {
        return IntegrationRequestParser.parse(body, clientSealing.secretValues(channel));
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
