package dev.tributary.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.contracts.payload.IntegrationRequest;
import dev.tributary.contracts.payload.IntegrationRequestParser;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.security.ClientSealing;
import dev.tributary.gateway.service.IntegrationService;
import dev.tributary.gateway.service.Revalidation;
import dev.tributary.gateway.service.ValidationWait;
import dev.tributary.support.rest.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
    @Inject
    Revalidation revalidation;

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

    /** {@code DELETE ?force=true}: disabled at once, in the registry only; the answer is the disabled integration. */
    public ApiAnswer forceDisable(String id, JsonNode body, Channel channel) {
        long disabled = service.forceDisable(id, IntegrationRequestParser.parseDeleteCredentials(body, clientSealing.secretValues(channel)));
        return new ApiAnswer(200, IntegrationViews.status(service.get(Long.toString(disabled))));
    }

    /**
     * Checks the integration now as its system account and answers with the results (202 when they are not in within
     * the validation wait). The body, optional, is {@code {"supportObjectsVersion": N}}.
     */
    public ApiAnswer validate(String id, JsonNode body) {
        IntegrationRecord current = service.get(id);
        UUID checkId = revalidation.checkNow(current, supportObjectsVersion(body));
        IntegrationRecord record = validationWait.awaitCheck(current.id(), checkId);
        IntegrationStatusView answer = IntegrationViews.status(record);
        if (!checkId.equals(record.lastCheckId())) {
            return new ApiAnswer(202, answer.withMessage("Validation has not finished within "
                    + validationWait.limit().toSeconds() + "s; poll GET /integrations/" + id + " for its results."));
        }
        return new ApiAnswer(200, answer);
    }

    /** Starts a migration of the support objects; the body, optional, holds privileged credentials (as DELETE's). */
    public ApiAnswer migrate(String id, JsonNode body, Channel channel) {
        long migrating = service.migrate(id, IntegrationRequestParser.parseDeleteCredentials(body, clientSealing.secretValues(channel)));
        return afterValidation(migrating);
    }

    /**
     * Starts a refresh of a materialised zero-ETL integration's tables in error. The body is the Redshift login of
     * {@code config.materialize}, {@code {"username", "password"}}; the answer (202) is the integration as it stands,
     * which keeps its status: the refresh's outcome becomes its message.
     */
    public ApiAnswer refresh(String id, JsonNode body, Channel channel) {
        long refreshing = service.refresh(id, materializeLogin(body, channel));
        return new ApiAnswer(202, IntegrationViews.status(service.get(Long.toString(refreshing))).withMessage("The refresh"
                + " of the tables in error has started; poll GET /integrations/" + id + ": its message says how it ended."));
    }

    /**
     * {@code {"username", "password"}}, read by the rules of DELETE's credentials (the password may be sealed to the
     * gateway); {@code authenticationType}, which those name, may be left out, since this login is always a password one.
     */
    private Optional<Credentials> materializeLogin(JsonNode body, Channel channel) {
        JsonNode named = body == null ? null : body.get("authenticationType");
        if (named != null && !AuthenticationType.USER_PASSWORD.wireName().equals(named.asText())) {
            throw new InvalidRequestException(new FieldError("authenticationType", "enum", "must be "
                    + AuthenticationType.USER_PASSWORD.wireName() + " or left out: the login of config.materialize is a password one"));
        }
        JsonNode login = body;
        if (body != null && body.isObject() && !body.isEmpty() && named == null) {
            login = ((ObjectNode) body.deepCopy()).put("authenticationType", AuthenticationType.USER_PASSWORD.wireName());
        }
        return IntegrationRequestParser.parseDeleteCredentials(login, clientSealing.secretValues(channel));
    }

    private static Integer supportObjectsVersion(JsonNode body) {
        if (body == null || body.isNull() || (body.isObject() && body.isEmpty())) {
            return null;
        }
        if (!body.isObject()) {
            throw new InvalidRequestException(new FieldError("body", "type", "must be a JSON or YAML object"));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("supportObjectsVersion")) {
                throw new InvalidRequestException(new FieldError(name, "unknown", "is not a field of this request (only supportObjectsVersion is)"));
            }
        }
        JsonNode version = body.get("supportObjectsVersion");
        if (version.isNull()) {
            return null;
        }
        if (!version.canConvertToInt() || !version.isIntegralNumber()) {
            throw new InvalidRequestException(new FieldError("supportObjectsVersion", "type", "must be a whole number"));
        }
        return version.intValue();
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

    /** One page of the list: its integrations, and how many there are in all. */
    public IntegrationPage list(PageRequest page) {
        IntegrationService.LivePage live = service.list(page.offset(), page.limit());
        return new IntegrationPage(live.items().stream().map(IntegrationViews::full).toList(), live.total());
    }

    public record IntegrationPage(List<IntegrationView> items, long total) {
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
