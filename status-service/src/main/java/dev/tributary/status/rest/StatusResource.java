package dev.tributary.status.rest;

import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.status.persistence.StatusViewRepository;
import dev.tributary.status.persistence.ViewDocumentCache;
import dev.tributary.support.rest.ErrorAnswers;
import dev.tributary.support.rest.PageRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The status view over HTTP. The views are JSON text that the database renders (see StatusViewRepository), so the
 * answers' schemas are named here: {@link StatusView} and {@link StatusPage} document that text.
 */
@Path("/integrations")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", ref = ErrorAnswers.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ErrorAnswers.FORBIDDEN)
public class StatusResource {
    @Inject
    StatusViewRepository view;
    @Inject
    ViewDocumentCache documents;

    @GET
    @Operation(summary = "A page of integrations, by id, filtered by status, type and a search on id and target")
    @APIResponse(responseCode = "200", description = "A page of views, without their timelines",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusPage.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    public StatusViewRepository.Page list(@QueryParam("status") String status, @QueryParam("type") String type,
                                          @QueryParam("q") String search,
                                          @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        List<FieldError> errors = new ArrayList<>();
        if (status != null && Arrays.stream(IntegrationStatus.values()).noneMatch(known -> known.wireName().equals(status))) {
            errors.add(new FieldError("status", "enum", "must be one of " + Arrays.stream(IntegrationStatus.values())
                    .map(IntegrationStatus::wireName).toList()));
        }
        if (type != null && Arrays.stream(IntegrationType.values()).noneMatch(known -> known.wireName().equals(type))) {
            errors.add(new FieldError("type", "enum", "must be one of " + Arrays.stream(IntegrationType.values())
                    .map(IntegrationType::wireName).toList()));
        }
        if (search != null && hasControlCharacters(search)) {
            errors.add(new FieldError("q", "characters", "must not contain control characters"));
        }
        PageRequest page = PageRequest.parse(limit, offset, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return view.list(Optional.ofNullable(status), Optional.ofNullable(type),
                Optional.ofNullable(search).filter(value -> !value.isBlank()), page.limit(), page.offset());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One integration's view with its data sources and its latest timeline entries")
    @APIResponse(responseCode = "200", description = "The view with its data sources, its latest timeline entries and the"
            + " URL of the older ones",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusView.class)))
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response get(@PathParam("id") String id) {
        // an id with control characters cannot exist, and is not looked up
        Optional<String> found = hasControlCharacters(id) ? Optional.empty() : documents.document(id, () -> view.document(id));
        return found
                .map(integration -> Response.ok(integration).build())
                .orElseGet(() -> ErrorMappers.error(Response.Status.NOT_FOUND, "No integration found with ID " + id + "."));
    }

    @GET
    @Path("/{id}/timeline")
    @Operation(summary = "A page of one integration's timeline, going back in time from a cursor (the latest entries without one)")
    @APIResponse(responseCode = "200", description = "Up to limit entries before the cursor, oldest first, and the URL of"
            + " the page before them (null at the first event); pages go from the newest entries to the oldest",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TimelinePage.class)))
    @APIResponse(responseCode = "400", ref = ErrorAnswers.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ErrorAnswers.NOT_FOUND)
    public Response timeline(@PathParam("id") String id,
                             @Parameter(description = "The cursor from the older URL of the page after this one; opaque")
                             @QueryParam("before") String before,
                             @QueryParam("limit") String limit) {
        List<FieldError> errors = new ArrayList<>();
        Optional<StatusViewRepository.TimelineCursor> cursor = Optional.empty();
        if (before != null) {
            cursor = StatusViewRepository.readCursor(before);
            if (cursor.isEmpty()) {
                errors.add(new FieldError("before", "cursor", "must be the before of an older URL this service gave"));
            }
        }
        int pageSize = PageRequest.limit(limit, errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        Optional<String> page = hasControlCharacters(id) ? Optional.empty() : view.timeline(id, cursor, pageSize);
        return page
                .map(entries -> Response.ok(entries).build())
                .orElseGet(() -> ErrorMappers.error(Response.Status.NOT_FOUND, "No integration found with ID " + id + "."));
    }

    private static boolean hasControlCharacters(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }
}
