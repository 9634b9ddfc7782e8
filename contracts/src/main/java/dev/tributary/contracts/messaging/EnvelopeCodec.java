package dev.tributary.contracts.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/** Reads and writes envelopes, rejecting anything a consumer could not act on with a reason fit for a dead-letter record. */
public final class EnvelopeCodec {
    public static final String HEADER_MESSAGE_ID = "message-id";
    public static final String HEADER_MESSAGE_TYPE = "message-type";

    private EnvelopeCodec() {
    }

    /** The Kafka headers every record carries besides its value, for routing and dead-letter triage without parsing. */
    public static Map<String, String> headers(Envelope envelope) {
        return Map.of(HEADER_MESSAGE_ID, envelope.messageId().toString(), HEADER_MESSAGE_TYPE, envelope.type());
    }

    public static String encode(Envelope envelope) {
        return Json.write(envelope);
    }

    public static Envelope decode(String text) {
        if (text == null || text.isBlank()) {
            throw new MalformedMessageException("empty record value");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("record value is not JSON (at " + Json.position(e) + ")");
        }
        if (!node.isObject()) {
            throw new MalformedMessageException("record value is not a JSON object");
        }
        int version = node.path("schemaVersion").asInt(-1);
        if (version != Envelope.SCHEMA_VERSION) {
            throw new MalformedMessageException("unsupported schemaVersion " + node.path("schemaVersion")
                    + " (this consumer reads " + Envelope.SCHEMA_VERSION + ")");
        }
        String type = text(node, "type");
        if (!MessageTypes.ALL.containsKey(type)) {
            throw new MalformedMessageException("unknown message type " + type);
        }
        JsonNode payload = node.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new MalformedMessageException("payload is missing or not an object");
        }
        try {
            return new Envelope(UUID.fromString(text(node, "messageId")), type, text(node, "integrationId"),
                    UUID.fromString(text(node, "operationId")), Instant.parse(text(node, "occurredAt")), version,
                    payload);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedMessageException("malformed envelope field: " + e.getMessage());
        }
    }

    /** An envelope whose payload has been read as its type's record, so that nobody has to read it twice. */
    public record Checked(Envelope envelope, Object payload) {
        public <T> T payloadAs(Class<T> payloadType) {
            return payloadType.cast(payload);
        }
    }

    /**
     * Decodes a record read from {@code topic}, and checks that its type belongs there and that its payload reads as
     * the type's record, so handlers never see a broken or misplaced message.
     */
    public static Envelope decodeChecked(String text, String topic) {
        return decodeWithPayload(text, topic).envelope();
    }

    /** As {@link #decodeChecked(String, String)}, also giving the payload as the type's record. */
    public static Checked decodeWithPayload(String text, String topic) {
        Checked checked = checked(decode(text));
        String home = MessageTypes.ALL.get(checked.envelope().type()).topic();
        if (!home.equals(topic)) {
            throw new MalformedMessageException(checked.envelope().type() + " belongs on " + home + ", not on " + topic);
        }
        return checked;
    }

    /** Decodes and also checks that the payload reads as the type's record, so handlers never see a broken payload. */
    public static Envelope decodeChecked(String text) {
        return checked(decode(text)).envelope();
    }

    private static Checked checked(Envelope envelope) {
        try {
            return new Checked(envelope, envelope.payloadAs(MessageTypes.ALL.get(envelope.type()).payload()));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("payload of " + envelope.type() + " is malformed: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new MalformedMessageException("envelope field " + field + " is missing");
        }
        return value.textValue();
    }
}
