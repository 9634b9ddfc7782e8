package dev.tributary.support.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tributary.contracts.Json;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The messages a service has consumed (table {@code processed_message}, created by each service's own migration),
 * with what handling them published, so that a redelivered message changes nothing.
 */
@ApplicationScoped
public class ProcessedMessages {
    private static final TypeReference<List<Outgoing>> OUTPUTS = new TypeReference<>() {
    };

    @Inject
    DataSource dataSource;

    /** Records {@code messageId} (in the caller's transaction, if any); false if it was already recorded. */
    public boolean add(UUID messageId) {
        return insert(messageId, null);
    }

    /** Records {@code messageId} as handled, with the records its handling publishes. */
    public void complete(UUID messageId, List<Outgoing> outputs) {
        insert(messageId, Json.write(outputs));
    }

    /** What handling {@code messageId} published, if it was handled before. */
    public Optional<List<Outgoing>> outputsOf(UUID messageId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT outputs FROM processed_message WHERE message_id = ?")) {
            query.setObject(1, messageId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String outputs = rows.getString(1);
                return Optional.of(outputs == null ? List.of() : Json.MAPPER.convertValue(Json.read(outputs), OUTPUTS));
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read processed messages", e);
        }
    }

    private boolean insert(UUID messageId, String outputs) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO processed_message (message_id, outputs) VALUES (?, ?::jsonb) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, messageId);
            insert.setString(2, outputs);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException("cannot record processed message", e);
        }
    }
}
