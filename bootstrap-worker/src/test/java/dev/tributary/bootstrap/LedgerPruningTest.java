package dev.tributary.bootstrap;

import dev.tributary.bootstrap.persistence.StepLedgerPruning;
import dev.tributary.sandbox.testing.TributaryTestResource;
import dev.tributary.support.persistence.ProcessedMessagePruning;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ledgers stop growing: processed messages past their retention go (their kept sealed values first), and the
 * steps of finished operations past theirs, while steps an operation may still resume from stay however old.
 */
@QuarkusTest
@TestProfile(LedgerPruningTest.ShortRetentions.class)
@QuarkusTestResource(value = TributaryTestResource.class, initArgs = @ResourceArg(name = "service", value = "bootstrap_pruning"))
class LedgerPruningTest {
    /** Steps kept an hour, processed messages a day; the tests prune when they mean to. */
    public static class ShortRetentions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tributary.step-ledger.retention", "1h", "tributary.processed-messages.retention", "1d",
                    "tributary.processed-messages.prune-interval", "off", "tributary.processed-messages.prune-batch-size", "2");
        }
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ProcessedMessagePruning processedPruning;
    @Inject
    StepLedgerPruning stepPruning;

    @Test
    void processedMessagesOlderThanTheRetentionGoWithTheirSealedValuesAndRecentOnesStay() throws SQLException {
        UUID[] old = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()}; // more than one batch of two
        for (UUID id : old) {
            processed(id, ago(Duration.ofDays(2)));
            secret(id, 0);
        }
        secret(old[0], 1);
        UUID recent = UUID.randomUUID();
        processed(recent, ago(Duration.ofHours(20)));
        secret(recent, 0);

        processedPruning.prune();

        for (UUID id : old) {
            assertEquals(0, count("SELECT count(*) FROM processed_message WHERE message_id = ?", id));
            assertEquals(0, count("SELECT count(*) FROM processed_message_secret WHERE message_id = ?", id));
        }
        assertEquals(1, count("SELECT count(*) FROM processed_message WHERE message_id = ?", recent));
        assertEquals(1, count("SELECT count(*) FROM processed_message_secret WHERE message_id = ?", recent));
    }

    @Test
    void stepsOfFinishedOperationsGoAfterTheirRetentionAndStepsAnOperationMayStillResumeFromStay() throws SQLException {
        // finished: its work item's outcome is recorded; last step two hours ago
        UUID finished = UUID.randomUUID();
        UUID finishedWork = UUID.randomUUID();
        processed(finishedWork, ago(Duration.ofMinutes(110)));
        step(finished, finishedWork, "create-database", ago(Duration.ofHours(3)), ago(Duration.ofHours(3)));
        step(finished, finishedWork, "create-user", ago(Duration.ofHours(3)), ago(Duration.ofHours(2)));
        // finished a moment ago: kept as the operation's record
        UUID justFinished = UUID.randomUUID();
        UUID justFinishedWork = UUID.randomUUID();
        processed(justFinishedWork, ago(Duration.ofMinutes(5)));
        step(justFinished, justFinishedWork, "create-database", ago(Duration.ofHours(3)), ago(Duration.ofHours(2)));
        step(justFinished, justFinishedWork, "create-user", ago(Duration.ofMinutes(10)), ago(Duration.ofMinutes(10)));
        // no outcome recorded, steps two hours old: its worker died, and a redelivery resumes from these steps
        UUID resumable = UUID.randomUUID();
        step(resumable, UUID.randomUUID(), "create-database", ago(Duration.ofHours(3)), ago(Duration.ofHours(2)));
        // no outcome recorded, begun two days ago: its work item left the topic long ago, nothing resumes it
        UUID abandoned = UUID.randomUUID();
        step(abandoned, UUID.randomUUID(), "create-database", ago(Duration.ofDays(2)), ago(Duration.ofDays(2)));
        // recorded before work items were named
        UUID older = UUID.randomUUID();
        step(older, null, "create-database", ago(Duration.ofDays(3)), ago(Duration.ofDays(3)));
        // sealed passwords: one of a create nothing can resume any more, one of a create in progress
        UUID staleCreate = UUID.randomUUID();
        operation(staleCreate, ago(Duration.ofDays(2)));
        UUID runningCreate = UUID.randomUUID();
        operation(runningCreate, ago(Duration.ofHours(2)));

        stepPruning.prune();

        assertEquals(0, steps(finished));
        assertEquals(2, steps(justFinished));
        assertEquals(1, steps(resumable));
        assertEquals(0, steps(abandoned));
        assertEquals(0, steps(older));
        assertEquals(0, count("SELECT count(*) FROM setup_operation WHERE operation_id = ?", staleCreate));
        assertEquals(1, count("SELECT count(*) FROM setup_operation WHERE operation_id = ?", runningCreate));
    }

    private static Instant ago(Duration duration) {
        return Instant.now().minus(duration);
    }

    private long steps(UUID operationId) throws SQLException {
        return count("SELECT count(*) FROM setup_step WHERE operation_id = ?", operationId);
    }

    private void processed(UUID messageId, Instant at) throws SQLException {
        update("INSERT INTO processed_message (message_id, processed_at, outputs) VALUES (?, ?, '[]'::jsonb)", messageId, at);
    }

    private void secret(UUID messageId, int position) throws SQLException {
        update("INSERT INTO processed_message_secret (message_id, position, sealed_value) VALUES (?, ?, 'sealed:v2:k:x')",
                messageId, position);
    }

    private void step(UUID operationId, UUID workId, String step, Instant started, Instant finished) throws SQLException {
        update("INSERT INTO setup_step (operation_id, step, outcome, started_at, finished_at, work_id) VALUES (?, ?, 'done', ?, ?, ?)",
                operationId, step, started, finished, workId);
    }

    private void operation(UUID operationId, Instant created) throws SQLException {
        update("INSERT INTO setup_operation (operation_id, integration_id, sealed_system_password, created_at)"
                + " VALUES (?, '1', 'sealed:v2:k:x', ?)", operationId, created);
    }

    private void update(String sql, Object... values) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, values)) {
            statement.executeUpdate();
        }
    }

    private long count(String sql, Object... values) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = prepare(connection, sql, values);
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i] instanceof Instant instant ? Timestamp.from(instant) : values[i];
            if (value == null) {
                statement.setNull(i + 1, java.sql.Types.OTHER);
            } else {
                statement.setObject(i + 1, value);
            }
        }
        return statement;
    }
}
