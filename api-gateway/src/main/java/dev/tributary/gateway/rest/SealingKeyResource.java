package dev.tributary.gateway.rest;

import dev.tributary.gateway.api.PublicSealingKey;
import dev.tributary.gateway.security.ClientSealing;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /sealing-key}: the public key clients seal passwords to. It needs no API key: it is a public key, which
 * tells nothing to whoever reads it, and a client should be able to seal a secret before it holds any credential.
 */
@Path(SealingKeyResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class SealingKeyResource {
    public static final String PATH = "/sealing-key";

    @Inject
    ClientSealing sealing;

    @GET
    @APIResponse(responseCode = "200", description = "The public JWK to seal passwords to",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PublicSealingKey.class)))
    public PublicSealingKey key() {
        return PublicSealingKey.of(sealing.published());
    }
}
