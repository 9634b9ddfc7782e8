package dev.tributary.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.payload.ErrorBody;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.IntegrationRequest;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.gateway.api.ApiAnswer;
import dev.tributary.gateway.api.Channel;
import dev.tributary.gateway.api.DataSourceView;
import dev.tributary.gateway.api.GovernanceApi;
import dev.tributary.gateway.api.IntegrationApi;
import dev.tributary.gateway.api.IntegrationStatusView;
import dev.tributary.gateway.api.IntegrationView;
import dev.tributary.gateway.api.ScriptAnswer;
import dev.tributary.gateway.service.ScriptService;
import dev.tributary.support.rest.ErrorAnswers;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The /integrations API over HTTP; bodies are JSON or YAML by Content-Type, answers are JSON. The answers are
 * {@link Response}s (a status of 200 or 202, Retry-After on a 503), so each operation names its answers' schemas.
 */
@Path("/integrations")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", ref = ErrorAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ErrorAnswers.FORBIDDEN)
public class IntegrationResource {
    private static final String YAML = RequestBodies.APPLICATION_YAML;
    private static final String TEXT_YAML = RequestBodies.TEXT_YAML;

    @Inject
    IntegrationApi api;
    @Inject
    ScriptService scripts;
    @Inject
    GovernanceApi governance;

    @POST
    @APIResponse(responseCode = "200", description = "The operation's validation results are in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "202", description = "Validation has not finished in time; the message says where to poll",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ErrorAnswers.CONFLICT)
    @APIResponse(responseCode = "502", description = "RDS refused to describe the integration an adoption names",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "503", description = "RDS is throttling or unavailable (an adoption), or the registry is; retry",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    public Response create(String body, @Context HttpHeaders headers) {
        return Responses.of(api.create(RequestBodies.read(body, headers.getMediaType()), Channel.REST));
    }

    @GET
    @APIResponse(responseCode = "200", description = "Every integration",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = IntegrationView.class)))
    public Response list() {
        return Responses.of(api.list());
    }

    @GET
    @Path("/{id}")
    @APIResponse(responseCode = "200", description = "The integration, its config redacted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationView.class)))
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response get(@PathParam("id") String id) {
        return Responses.of(api.get(id));
    }

    @GET
    @Path("/{id}/status")
    @APIResponse(responseCode = "200", description = "Only the id and the status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response status(@PathParam("id") String id) {
        return Responses.of(api.status(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    @APIResponse(responseCode = "200", description = "The operation's validation results are in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "202", description = "Validation has not finished in time; the message says where to poll",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ErrorAnswers.CONFLICT)
    public Response update(@PathParam("id") String id, String body, @Context HttpHeaders headers) {
        return Responses.of(api.update(id, RequestBodies.read(body, headers.getMediaType()), Channel.REST));
    }

    /**
     * The body (privileged credentials) is needed for automatic integrations only, so it may be empty. With
     * {@code force=true} the integration is disabled at once without touching the target, and takes no body.
     */
    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "200", description = "Deleted (manual setup, or a disabled integration), disabled (force=true),"
            + " or the teardown's validation results are in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "202", description = "Validation has not finished in time; the message says where to poll",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ErrorAnswers.CONFLICT)
    public Response delete(@PathParam("id") String id, String body, @Context HttpHeaders headers,
                           @QueryParam("force") @DefaultValue("false") String force) {
        JsonNode credentials = RequestBodies.readOptional(body, headers.getMediaType());
        return Responses.of(switch (force) {
            case "true" -> api.forceDisable(id, credentials, Channel.REST);
            case "false" -> api.delete(id, credentials, Channel.REST);
            default -> throw new InvalidRequestException(new FieldError("force", "enum", "must be true or false"));
        });
    }

    /** Runs the validation now as the system account; the body is optional ({@code supportObjectsVersion}). */
    @POST
    @Path("/{id}/validate")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML, MediaType.WILDCARD})
    @APIResponse(responseCode = "200", description = "The check's validation results are in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "202", description = "The check has not finished in time; the message says where to poll",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ErrorAnswers.CONFLICT)
    public Response validate(@PathParam("id") String id, String body, @Context HttpHeaders headers) {
        return Responses.of(api.validate(id, RequestBodies.readOptional(body, headers.getMediaType())));
    }

    /** Migrates an automatic integration's support objects; the body (privileged credentials) may be empty. */
    @POST
    @Path("/{id}/migrate")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML, MediaType.WILDCARD})
    @APIResponse(responseCode = "200", description = "The migration's validation results are in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "202", description = "Validation has not finished in time; the message says where to poll",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ErrorAnswers.CONFLICT)
    public Response migrate(@PathParam("id") String id, String body, @Context HttpHeaders headers) {
        return Responses.of(api.migrate(id, RequestBodies.readOptional(body, headers.getMediaType()), Channel.REST));
    }

    /**
     * Refreshes a materialised zero-ETL integration's tables in error; the body is the Redshift login of
     * {@code config.materialize}. The integration keeps its status; the outcome becomes its message.
     */
    @POST
    @Path("/{id}/refresh")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML, MediaType.WILDCARD})
    @APIResponse(responseCode = "202", description = "The refresh has started; the message says where to poll",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntegrationStatusView.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ErrorAnswers.CONFLICT)
    public Response refresh(@PathParam("id") String id, String body, @Context HttpHeaders headers) {
        return Responses.of(api.refresh(id, RequestBodies.readOptional(body, headers.getMediaType()), Channel.REST));
    }

    @POST
    @Path("/{id}/scripts/migrate")
    @APIResponse(responseCode = "200", description = "The script that brings the support objects to the current version,"
            + " and the database to run it in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScriptAnswer.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response migrateScript(@PathParam("id") String id,
                                  @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.migrate(id, ScriptService.dialect(dialect)));
    }

    @POST
    @Path("/scripts/initial-create")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    @APIResponse(responseCode = "200", description = "The script, and the database to run it in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScriptAnswer.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    public Response initialCreateScript(String body, @Context HttpHeaders headers,
                                        @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.initialCreate(request(body, headers),
                ScriptService.dialect(dialect)));
    }

    @POST
    @Path("/scripts/create")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    @APIResponse(responseCode = "200", description = "The script, and the database to run it in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScriptAnswer.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    public Response createScript(String body, @Context HttpHeaders headers,
                                 @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.create(request(body, headers),
                ScriptService.dialect(dialect)));
    }

    @POST
    @Path("/{id}/scripts/edit")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    @APIResponse(responseCode = "200", description = "The script, and the database to run it in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScriptAnswer.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response editScript(@PathParam("id") String id, String body, @Context HttpHeaders headers,
                               @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.edit(id, request(body, headers),
                ScriptService.dialect(dialect)));
    }

    @POST
    @Path("/scripts/cleanup")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    @APIResponse(responseCode = "200", description = "The script, and the database to run it in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScriptAnswer.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    public Response cleanupScript(String body, @Context HttpHeaders headers,
                                  @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.cleanup(request(body, headers),
                ScriptService.dialect(dialect)));
    }

    @POST
    @Path("/{id}/scripts/delete")
    @APIResponse(responseCode = "200", description = "The script, and the database to run it in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScriptAnswer.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response deleteScript(@PathParam("id") String id,
                                 @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.delete(id, ScriptService.dialect(dialect)));
    }

    /** Registers a table of the integration's target as a data source; its governed view follows. */
    @POST
    @Path("/{id}/dataSources")
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    @APIResponse(responseCode = "201", description = "Registered; the view is being created (status creating)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DataSourceView.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ErrorAnswers.CONFLICT)
    public Response createDataSource(@PathParam("id") String id, String body, @Context HttpHeaders headers) {
        return Responses.of(governance.createDataSource(id, RequestBodies.read(body, headers.getMediaType())));
    }

    @GET
    @Path("/{id}/dataSources")
    @APIResponse(responseCode = "200", description = "The integration's data sources that are not deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = DataSourceView.class)))
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response dataSources(@PathParam("id") String id) {
        return Responses.of(governance.dataSources(id));
    }

    @POST
    @Path("/{id}/scripts/policies")
    @APIResponse(responseCode = "200", description = "The script that brings the users' entries and the governed views"
            + " in step, and the database to run it in",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScriptAnswer.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response policiesScript(@PathParam("id") String id,
                                   @QueryParam("dialect") @DefaultValue("redshift") String dialect) {
        return script(scripts.policies(id, ScriptService.dialect(dialect)));
    }

    private IntegrationRequest request(String body, HttpHeaders headers) {
        return api.request(RequestBodies.read(body, headers.getMediaType()), Channel.REST);
    }

    private static Response script(ScriptAnswer answer) {
        return Responses.of(new ApiAnswer(200, answer));
    }
}
