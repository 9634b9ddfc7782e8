package dev.tributary.gateway.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Ids of consumed messages, so a redelivered message changes nothing. */
@ApplicationScoped
public class ProcessedMessages {
    @Inject
    DataSource dataSource;

    /** Marks {@code messageId} as processed in the caller's transaction; false if it already was. */
    public boolean markProcessed(UUID messageId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO processed_message (message_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, messageId);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new RegistryException("cannot record processed message", e);
        }
    }
}
