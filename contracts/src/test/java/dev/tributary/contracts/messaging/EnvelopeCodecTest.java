package dev.tributary.contracts.messaging;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeCodecTest {

    @Test
    void anEnvelopeSurvivesTheRoundTrip() {
        Envelope sent = Envelope.of(MessageTypes.OPERATION_FAILED, "7", UUID.randomUUID(),
                OperationFinished.failed(Operation.CREATE, "boom"));
        Envelope received = EnvelopeCodec.decodeChecked(EnvelopeCodec.encode(sent));
        assertEquals(sent.messageId(), received.messageId());
        assertEquals(sent.operationId(), received.operationId());
        OperationFinished payload = received.payloadAs(OperationFinished.class);
        assertEquals(IntegrationStatus.CREATE_ERROR, payload.status());
        assertEquals("boom", payload.message());
        assertTrue(EnvelopeCodec.encode(sent).contains("\"status\":\"createError\""));
    }

    @Test
    void aCheckedRecordCarriesItsPayloadAlreadyReadAndMustBeOnItsOwnTopic() {
        Envelope sent = Envelope.of(MessageTypes.OPERATION_FAILED, "7", UUID.randomUUID(),
                OperationFinished.failed(Operation.EDIT, "boom"));
        EnvelopeCodec.Checked checked = EnvelopeCodec.decodeWithPayload(EnvelopeCodec.encode(sent), Topics.EVENTS);
        assertEquals(sent.messageId(), checked.envelope().messageId());
        assertEquals(OperationFinished.failed(Operation.EDIT, "boom"), checked.payloadAs(OperationFinished.class));
        MalformedMessageException misplaced = assertThrows(MalformedMessageException.class,
                () -> EnvelopeCodec.decodeWithPayload(EnvelopeCodec.encode(sent), Topics.COMMANDS));
        assertTrue(misplaced.getMessage().contains("belongs on " + Topics.EVENTS), misplaced.getMessage());
    }

    @Test
    void repliesToTheSameMessageGetTheSameIdSoRepeatsCanBeDropped() {
        Envelope command = Envelope.of(MessageTypes.CREATE_INTEGRATION, "7", UUID.randomUUID(), Json.read("{}"));
        Envelope first = command.reply(MessageTypes.STEP_COMPLETED, "create-database", Json.read("{}"));
        Envelope again = command.reply(MessageTypes.STEP_COMPLETED, "create-database", Json.read("{}"));
        Envelope other = command.reply(MessageTypes.STEP_COMPLETED, "grant-privileges", Json.read("{}"));
        assertEquals(first.messageId(), again.messageId());
        assertNotEquals(first.messageId(), other.messageId());
        assertEquals(command.operationId(), first.operationId());
    }

    @Test
    void unreadableRecordsAreRejectedWithAReason() {
        String good = EnvelopeCodec.encode(Envelope.of(MessageTypes.OPERATION_SUCCEEDED, "7", UUID.randomUUID(),
                OperationFinished.succeeded(Operation.CREATE)));
        assertReason("not JSON", "{oops");
        assertReason("empty", "");
        assertReason("schemaVersion", good.replace("\"schemaVersion\":1", "\"schemaVersion\":99"));
        assertReason("unknown message type", good.replace("OperationSucceeded", "Nonsense"));
        assertReason("messageId", good.replaceFirst("\"messageId\":\"[^\"]+\",", ""));
        assertReason("malformed", good.replace("\"create\"", "\"explode\""));
    }

    private static void assertReason(String expected, String record) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> EnvelopeCodec.decodeChecked(record));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
