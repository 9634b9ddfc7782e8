package dev.tributary.support.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tributary.contracts.Json;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The messages a service has consumed (table {@code processed_message}, created by each service's own migration),
 * with what handling them published, so that a redelivered message changes nothing. Each method joins the caller's
 * transaction, or runs in one of its own when there is none.
 */
@ApplicationScoped
@Transactional
@DatabaseFailures
public class ProcessedMessages implements PanacheRepositoryBase<ProcessedMessage, UUID> {
    private static final TypeReference<List<Outgoing>> OUTPUTS = new TypeReference<>() {
    };

    /** Records {@code messageId}; false if it was already recorded. */
    public boolean add(UUID messageId) {
        return insert(messageId, null);
    }

    /** Records {@code messageId} as handled, with the records its handling publishes. */
    public void complete(UUID messageId, List<Outgoing> outputs) {
        insert(messageId, Json.write(outputs));
    }

    /** What handling {@code messageId} published, if it was handled before. */
    public Optional<List<Outgoing>> outputsOf(UUID messageId) {
        return findByIdOptional(messageId).map(message -> message.outputs == null ? List.of()
                : Json.MAPPER.convertValue(Json.read(message.outputs), OUTPUTS));
    }

    /**
     * The database decides whether the id is new ({@code ON CONFLICT DO NOTHING}, which JPQL lacks): a persist would
     * fail a second delivery's transaction instead, and a look-up first could race another instance.
     */
    private boolean insert(UUID messageId, String outputs) {
        return getSession()
                .createNativeMutationQuery("INSERT INTO processed_message (message_id, outputs) VALUES (?1, cast(?2 as jsonb))"
                        + " ON CONFLICT DO NOTHING")
                .setParameter(1, messageId, UUID.class)
                .setParameter(2, outputs, String.class) // typed, so that a null binds as text
                .executeUpdate() == 1;
    }
}
