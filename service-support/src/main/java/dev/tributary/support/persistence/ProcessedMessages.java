package dev.tributary.support.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Ids of the messages a service has consumed (table {@code processed_message}, created by each service's own
 * migration), so that a redelivered message changes nothing.
 */
@ApplicationScoped
public class ProcessedMessages {
    @Inject
    DataSource dataSource;

    public boolean contains(UUID messageId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM processed_message WHERE message_id = ?")) {
            query.setObject(1, messageId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read processed messages", e);
        }
    }

    /** Records {@code messageId} (in the caller's transaction, if any); false if it was already recorded. */
    public boolean add(UUID messageId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO processed_message (message_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, messageId);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseException("cannot record processed message", e);
        }
    }
}
