/**
 * What the services' HTTP APIs share. The error answers are defined here once, for the OpenAPI document of every
 * service (the scanner reads {@code @OpenAPIDefinition} from a JAX-RS {@code Application} or a package); each
 * service's title and version come from its {@code quarkus.smallrye-openapi.info-*} settings.
 */
@OpenAPIDefinition(info = @Info(title = "Tributary", version = "1.0"), components = @Components(responses = {
        @APIResponse(name = ErrorAnswers.BAD_REQUEST, responseCode = "400",
                description = "The request breaks a rule; errors names each offending field and the rule",
                content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class))),
        @APIResponse(name = ErrorAnswers.UNAUTHORIZED, responseCode = "401", description = "No valid API key",
                content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class))),
        @APIResponse(name = ErrorAnswers.FORBIDDEN, responseCode = "403",
                description = "The key lacks the permission this operation needs",
                content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class))),
        @APIResponse(name = ErrorAnswers.NOT_FOUND, responseCode = "404", description = "Nothing has this id",
                content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class))),
        @APIResponse(name = ErrorAnswers.CONFLICT, responseCode = "409",
                description = "Another live integration has this target, or an operation is in flight",
                content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorBody.class)))}))
package dev.tributary.support.rest;

import dev.tributary.contracts.payload.ErrorBody;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
