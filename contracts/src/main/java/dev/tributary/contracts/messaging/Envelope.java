package dev.tributary.contracts.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope around every message on every topic. The record key is always {@code integrationId}, so one
 * integration's messages stay in order.
 *
 * @param messageId     unique per message; consumers remember it to ignore redeliveries
 * @param type          one of {@link MessageTypes}; says how to read {@code payload}
 * @param integrationId the integration the message is about
 * @param operationId   the user operation (create, edit, delete) it belongs to
 * @param schemaVersion the envelope's version; see {@link #SCHEMA_VERSION}
 */
public record Envelope(UUID messageId, String type, String integrationId, UUID operationId, Instant occurredAt,
                       int schemaVersion, JsonNode payload) {

    public static final int SCHEMA_VERSION = 1;

    public static Envelope of(String type, String integrationId, UUID operationId, Object payload) {
        return new Envelope(UUID.randomUUID(), type, integrationId, operationId, Instant.now(), SCHEMA_VERSION,
                Json.tree(payload));
    }

    /**
     * A message caused by another one, with an id derived from the cause: when a worker handles a redelivered
     * message again, it emits the same ids, and consumers downstream drop the repeats.
     */
    public Envelope reply(String replyType, String discriminator, Object replyPayload) {
        UUID id = UUID.nameUUIDFromBytes((messageId + "/" + replyType + "/" + discriminator).getBytes(StandardCharsets.UTF_8));
        return new Envelope(id, replyType, integrationId, operationId, Instant.now(), SCHEMA_VERSION,
                Json.tree(replyPayload));
    }

    /**
     * A reply about another integration than this message's (a batch's member), with an id derived from this
     * message and that integration, so that a redelivered batch repeats its ids.
     */
    public Envelope replyFor(String memberId, UUID memberOperationId, String replyType, Object replyPayload) {
        UUID id = UUID.nameUUIDFromBytes((messageId + "/" + replyType + "/" + memberId).getBytes(StandardCharsets.UTF_8));
        return new Envelope(id, replyType, memberId, memberOperationId, Instant.now(), SCHEMA_VERSION, Json.tree(replyPayload));
    }

    public <T> T payloadAs(Class<T> payloadType) {
        return Json.convert(payload, payloadType);
    }
}
