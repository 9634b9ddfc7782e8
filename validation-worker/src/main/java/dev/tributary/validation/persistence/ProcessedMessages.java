package dev.tributary.validation.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Commands already handled: their results were published before the id was recorded here. */
@ApplicationScoped
public class ProcessedMessages {
    @Inject
    DataSource dataSource;

    public boolean contains(UUID messageId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM processed_message WHERE message_id = ?")) {
            query.setObject(1, messageId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    public void add(UUID messageId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO processed_message (message_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            insert.setObject(1, messageId);
            insert.executeUpdate();
        }
    }
}
