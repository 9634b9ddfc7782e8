package dev.tributary.status.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.contracts.zeroetl.ProviderState;
import dev.tributary.support.persistence.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The status view's tables ({@code integration_view}, {@code timeline_event}, {@code data_source}), in SQL written
 * here rather than as entities: they are the measured hot path. The projection folds about 22 000-29 000 events/s
 * with a whole polled batch in one transaction, the timeline as one multi-row insert and the row changes as JDBC
 * batches, against 908 events/s with one transaction per event; a document is rendered by the database
 * ({@code json_build_object}) in one query, 0.17 ms prepared, with no rows turned into objects and back. The list and the
 * summary stay here too: a paged read and counts over the same tables that return the same database-built
 * documents, and a table is written and read through one mechanism only.
 * <p>
 * The connections come from the same Agroal datasource Hibernate ORM uses, which enlists them in the caller's JTA
 * transaction (the projector's {@code QuarkusTransaction}): inside one, these statements and the entities share
 * one connection and commit or roll back together.
 */
@ApplicationScoped
public class StatusViewRepository {
    @Inject
    DataSource dataSource;
    @Inject
    TimelineConfig timelineConfig;

    /** One row of the timeline: an event as the view keeps it. */
    public record TimelineEntry(UUID messageId, String integrationId, UUID operationId, String operation, String type,
                                String step, Instant startedAt, Instant finishedAt, String outcome, String message,
                                Instant occurredAt) {
    }

    /**
     * One statement that changes an integration's part of the view (its row, or a row of one of its data sources),
     * with its parameters. {@link #apply} keeps each integration's changes in order.
     */
    public record RowChange(String integrationId, String sql, Object... parameters) {
    }

    /** Many rows in one statement: a multi-row insert costs the database far less per row than one insert each. */
    private static final String APPEND_TIMELINE = "INSERT INTO timeline_event (message_id, integration_id, operation_id,"
            + " operation, type, step, started_at, finished_at, outcome, message, occurred_at)"
            + " SELECT m, i, o, op, t, s, " + fromMicros("sa") + ", " + fromMicros("fa") + ", oc, msg, " + fromMicros("oa")
            + " FROM unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[],"
            + " ?::text[], ?::text[], ?::int8[]) AS row(m, i, o, op, t, s, sa, fa, oc, msg, oa)"
            + " ON CONFLICT DO NOTHING RETURNING message_id";

    /** Times travel as microseconds since the epoch: exact, and far cheaper to encode than text. */
    private static String fromMicros(String column) {
        return "'epoch'::timestamptz + " + column + " * interval '1 microsecond'";
    }

    /**
     * Adds the events to the timeline in one statement. Returns, for each, whether it was new: one that was there
     * already (a redelivery, or a repeat earlier in the same list) must change nothing else.
     */
    public boolean[] appendTimeline(List<TimelineEntry> entries) {
        int size = entries.size();
        Object[][] columns = new Object[11][size];
        for (int i = 0; i < size; i++) {
            TimelineEntry entry = entries.get(i);
            Object[] row = {entry.messageId(), entry.integrationId(), entry.operationId(), entry.operation(), entry.type(),
                    entry.step(), micros(entry.startedAt()), micros(entry.finishedAt()), entry.outcome(), entry.message(),
                    micros(entry.occurredAt())};
            for (int column = 0; column < row.length; column++) {
                columns[column][i] = row[column];
            }
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(APPEND_TIMELINE)) {
            for (int column = 0; column < columns.length; column++) {
                String type = switch (column) {
                    case 0, 2 -> "uuid";
                    case 6, 7, 10 -> "int8";
                    default -> "text";
                };
                insert.setArray(column + 1, connection.createArrayOf(type, columns[column]));
            }
            Set<UUID> inserted = new HashSet<>();
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(rows.getObject(1, UUID.class));
                }
            }
            boolean[] appended = new boolean[size];
            for (int i = 0; i < size; i++) {
                appended[i] = inserted.remove(entries.get(i).messageId()); // only the first of repeats counts
            }
            return appended;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Applies the changes, each integration's in the order given, and returns for each whether it changed a row. They go
     * to the database in rounds: a round holds the next change of every integration, so no integration is in it twice
     * and its statements may run in any order, each kind as one JDBC batch. A batch of events thus costs a few round
     * trips, not one per event.
     */
    public boolean[] apply(List<RowChange> changes) {
        boolean[] changed = new boolean[changes.size()];
        Map<String, ArrayDeque<Integer>> byIntegration = new LinkedHashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            byIntegration.computeIfAbsent(changes.get(i).integrationId(), id -> new ArrayDeque<>()).add(i);
        }
        try (Connection connection = dataSource.getConnection()) {
            while (!byIntegration.isEmpty()) {
                Map<String, List<Integer>> round = new LinkedHashMap<>();
                for (Iterator<ArrayDeque<Integer>> queues = byIntegration.values().iterator(); queues.hasNext(); ) {
                    ArrayDeque<Integer> queue = queues.next();
                    int next = queue.poll();
                    round.computeIfAbsent(changes.get(next).sql(), sql -> new ArrayList<>()).add(next);
                    if (queue.isEmpty()) {
                        queues.remove();
                    }
                }
                for (Map.Entry<String, List<Integer>> statement : round.entrySet()) {
                    try (PreparedStatement batch = connection.prepareStatement(statement.getKey())) {
                        for (int index : statement.getValue()) {
                            bind(batch, changes.get(index).parameters());
                            batch.addBatch();
                        }
                        int[] counts = batch.executeBatch();
                        for (int i = 0; i < counts.length; i++) {
                            changed[statement.getValue().get(i)] = counts[i] != 0; // SUCCESS_NO_INFO (-2) counts as changed
                        }
                    }
                }
            }
            return changed;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static final String START_OPERATION = "INSERT INTO integration_view (id, type, target, auto_bootstrap, config,"
            + " status, current_operation, current_operation_id, operation_started_at, last_started_at, created_at, updated_at,"
            + " database_mode, support_objects_version)"
            + " VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, CAST(? AS text), ?)"
            + " ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, target = EXCLUDED.target,"
            + " auto_bootstrap = EXCLUDED.auto_bootstrap, config = EXCLUDED.config, status = EXCLUDED.status,"
            + " status_message = NULL, validation_results = CASE WHEN ? THEN integration_view.validation_results END,"
            + " current_operation = EXCLUDED.current_operation,"
            + " current_operation_id = EXCLUDED.current_operation_id,"
            + " operation_started_at = EXCLUDED.operation_started_at, last_started_at = EXCLUDED.last_started_at,"
            + " support_objects_version = COALESCE(EXCLUDED.support_objects_version, integration_view.support_objects_version),"
            + " updated_at = GREATEST(integration_view.updated_at, EXCLUDED.updated_at),"
            + " database_mode = COALESCE(integration_view.database_mode, EXCLUDED.database_mode)"
            // a start older than the latest one the view knows of is history (it arrived late)
            + " WHERE integration_view.last_started_at IS NULL OR integration_view.last_started_at <= EXCLUDED.last_started_at";

    public static RowChange startOperation(String id, String type, String target, boolean autoBootstrap, JsonNode config,
                                           String status, String operation, UUID operationId, Instant at) {
        return startOperation(id, type, target, autoBootstrap, config, status, operation, operationId, at, null, null, false);
    }

    /**
     * @param databaseMode          a governance integration's mode when the gateway knows it, else null
     * @param supportObjectsVersion the version of its support objects, when the event carries it
     * @param keepsValidation       the operation runs no validation of its own (a refresh), so the last check's
     *                              results stay; any other operation's start empties them until its validation
     */
    public static RowChange startOperation(String id, String type, String target, boolean autoBootstrap, JsonNode config,
                                           String status, String operation, UUID operationId, Instant at, String databaseMode,
                                           Integer supportObjectsVersion, boolean keepsValidation) {
        return new RowChange(id, START_OPERATION, id, type, target, autoBootstrap, Json.write(config), status, operation,
                operationId, timestamp(at), timestamp(at), timestamp(at), timestamp(at), databaseMode, supportObjectsVersion,
                keepsValidation);
    }

    public static RowChange recordValidation(String id, UUID operationId, JsonNode results, Instant at) {
        return recordValidation(id, operationId, results, at, null);
    }

    /** The mode the validation decided is kept only where none is known: it is decided once. */
    public static RowChange recordValidation(String id, UUID operationId, JsonNode results, Instant at, String databaseMode) {
        return new RowChange(id, "UPDATE integration_view SET validation_results = ?::jsonb, updated_at = GREATEST(updated_at, ?),"
                + " database_mode = COALESCE(database_mode, CAST(? AS text)) WHERE id = ? AND current_operation_id = ?",
                Json.write(results), timestamp(at), databaseMode, id, operationId);
    }

    /**
     * @param status                the one the operation ends in, or null to keep the one the integration has (a refresh)
     * @param supportObjectsVersion when not null, the version the operation left in the target (a migration)
     */
    public static RowChange finishOperation(String id, UUID operationId, String status, String message, boolean failed, Instant at,
                                            Integer supportObjectsVersion) {
        return new RowChange(id, "UPDATE integration_view SET status = COALESCE(?, status), status_message = ?,"
                        + " last_error = CASE WHEN ? THEN ? ELSE last_error END,"
                        + " support_objects_version = COALESCE(?::int, support_objects_version),"
                        + " current_operation = NULL, operation_started_at = NULL, updated_at = GREATEST(updated_at, ?)"
                        + " WHERE id = ? AND current_operation_id = ? AND current_operation IS NOT NULL",
                status, message, failed, message, supportObjectsVersion, timestamp(at), id, operationId);
    }

    /**
     * What RDS says of a zero-ETL integration, as both of its events set it: its status and errors replace the kept
     * ones (an empty list of errors clears them); the ARN and the creation time, once known, stay when a report
     * lacks them. Without a report ({@code null}) the columns stay as they are.
     */
    private static final String PROVIDER_COLUMNS = "integration_arn = COALESCE(?, integration_arn),"
            + " provider_status = COALESCE(?, provider_status), provider_errors = COALESCE(?::jsonb, provider_errors),"
            + " provider_create_time = COALESCE(?::timestamptz, provider_create_time)";

    private static Object[] providerParameters(ProviderState provider) {
        return provider == null ? new Object[4] : new Object[]{provider.integrationArn(), provider.status(),
                Json.write(provider.errors()), timestamp(provider.createTime())};
    }

    public static RowChange recordProviderStatus(String id, ProviderState provider, Instant at) {
        return new RowChange(id, "UPDATE integration_view SET " + PROVIDER_COLUMNS + ", updated_at = GREATEST(updated_at, ?)"
                + " WHERE id = ?", concat(providerParameters(provider), new Object[]{timestamp(at), id}));
    }

    /**
     * A check's outcome, what {@link #RECORD_REVALIDATION} compares with the row: the status it leads to, its message,
     * its tests' names and statuses in order (their details may differ from one check to the next), and, when the
     * check reported them, RDS's status and errors and the support objects' version.
     */
    private static final String SAME_OUTCOME = "v.status = c.status AND v.status_message IS NOT DISTINCT FROM c.message"
            + " AND " + testOutcomes("v.validation_results") + " IS NOT DISTINCT FROM " + testOutcomes("c.results")
            + " AND (c.provider_status IS NULL OR (v.provider_status IS NOT DISTINCT FROM c.provider_status"
            + " AND v.provider_errors IS NOT DISTINCT FROM c.provider_errors))"
            + " AND (c.version IS NULL OR v.support_objects_version IS NOT DISTINCT FROM c.version)";

    private static String testOutcomes(String results) {
        return "(SELECT jsonb_agg(jsonb_build_array(t.test ->> 'name', t.test ->> 'status') ORDER BY t.n)"
                + " FROM jsonb_array_elements(" + results + " -> 'validationTests') WITH ORDINALITY AS t(test, n))";
    }

    /** A column a recorded check sets to {@code value}, and a quiet one (or one during an operation) leaves alone. */
    private static String whenRecorded(String column, String value) {
        return column + " = CASE WHEN p.recorded THEN " + value + " ELSE v." + column + " END";
    }

    /**
     * One statement per check, so that a polled batch's checks go as one JDBC batch: {@code p} reads the row (locked)
     * and decides; a check older than the last one folded (a redelivery, or one overtaken) changes nothing; one that
     * finds what the row shows ({@link #SAME_OUTCOME}) moves {@code last_checked_at} only and adds no timeline row; any
     * other is a timeline row, and moves an idle integration between enabled and recurringValidationError (or out of
     * migrateError, as the gateway does). The
     * timeline cannot tell a redelivered quiet check (it has no row there), so the last check's time is what makes a
     * repeat change nothing. The provider's columns follow the rule of {@link #PROVIDER_COLUMNS}.
     */
    private static final String RECORD_REVALIDATION = "WITH c (id, at, results, status, message, version, arn,"
            + " provider_status, provider_errors, provider_create_time, message_id, operation_id, type, outcome,"
            + " timeline_message) AS (SELECT ?::text, " + fromMicros("?::int8") + ", ?::jsonb, ?::text, ?::text, ?::int,"
            + " ?::text, ?::text, ?::jsonb, ?::timestamptz, ?::uuid, ?::uuid, ?::text, ?::text, ?::text),"
            + " p AS (SELECT v.id, coalesce(v.last_checked_at >= c.at, false) AS stale, (" + SAME_OUTCOME + ") AS quiet,"
            + " NOT (" + SAME_OUTCOME + ") AND v.current_operation IS NULL"
            // the statuses the gateway checks in (its CHECKABLE): a failed migration left the old version whole
            + " AND v.status IN ('enabled', 'recurringValidationError', 'migrateError') AS recorded"
            + " FROM integration_view v JOIN c ON v.id = c.id FOR UPDATE OF v),"
            // an integration the view does not know (yet) keeps the event in its timeline, as every other event
            + " t AS (INSERT INTO timeline_event (message_id, integration_id, operation_id, operation, type, outcome, message,"
            + " occurred_at) SELECT c.message_id, c.id, c.operation_id, 'revalidate', c.type, c.outcome, c.timeline_message,"
            + " c.at FROM c WHERE NOT EXISTS (SELECT 1 FROM p WHERE p.stale OR p.quiet) ON CONFLICT DO NOTHING)"
            + " UPDATE integration_view v SET last_checked_at = c.at, "
            + String.join(", ", whenRecorded("validation_results", "c.results"), whenRecorded("status", "c.status"),
            whenRecorded("status_message", "c.message"), whenRecorded("last_error", "coalesce(c.message, v.last_error)"),
            whenRecorded("updated_at", "greatest(v.updated_at, c.at)"),
            whenRecorded("support_objects_version", "coalesce(c.version, v.support_objects_version)"),
            whenRecorded("integration_arn", "coalesce(c.arn, v.integration_arn)"),
            whenRecorded("provider_status", "coalesce(c.provider_status, v.provider_status)"),
            whenRecorded("provider_errors", "coalesce(c.provider_errors, v.provider_errors)"),
            whenRecorded("provider_create_time", "coalesce(c.provider_create_time, v.provider_create_time)"))
            + " FROM c, p WHERE v.id = c.id AND p.id = v.id AND NOT p.stale";

    /**
     * A check (periodic or asked for) of {@code check.integrationId()}, whose timeline row would be {@code check}: it
     * moves an idle integration between enabled and recurringValidationError, or, when it finds what the view shows,
     * only its last check (see {@link #RECORD_REVALIDATION}). {@code supportObjectsVersion}, when not null, is the
     * version a passed check recorded; {@code provider} is what RDS reported when a zero-ETL integration was
     * described, null for a governance integration's check. The change writes the timeline row itself.
     */
    public static RowChange recordRevalidation(TimelineEntry check, JsonNode results, String status, String message,
                                               Integer supportObjectsVersion, ProviderState provider) {
        Object[] reported = providerParameters(provider);
        return new RowChange(check.integrationId(), RECORD_REVALIDATION, check.integrationId(), micros(check.occurredAt()),
                Json.write(results), status, message, supportObjectsVersion, reported[0], reported[1], reported[2], reported[3],
                check.messageId(), check.operationId(), check.type(), check.outcome(), check.message());
    }

    private static final String RECORD_DATA_SOURCE = "INSERT INTO data_source (id, integration_id, database_name,"
            + " schema_name, table_name, view_schema, view_name, status, message, policies, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
            + " ON CONFLICT (id) DO UPDATE SET database_name = EXCLUDED.database_name, schema_name = EXCLUDED.schema_name,"
            + " table_name = EXCLUDED.table_name, view_schema = EXCLUDED.view_schema, view_name = EXCLUDED.view_name,"
            + " status = EXCLUDED.status, message = EXCLUDED.message, policies = EXCLUDED.policies,"
            + " updated_at = EXCLUDED.updated_at"
            // the latest state wins, an older one arriving late is history; a data source never changes integration
            + " WHERE data_source.updated_at <= EXCLUDED.updated_at";

    /**
     * A data source as the gateway records it now, at {@code at} (the gateway's clock): it replaces the one kept
     * unless that one is newer. {@code policies} is the JSON array of {@code {id, name}}, in the order their rules
     * combine.
     */
    public static RowChange recordDataSource(String integrationId, long id, String database, String schema, String table,
                                             String viewSchema, String viewName, String status, String message,
                                             JsonNode policies, Instant at) {
        return new RowChange(integrationId, RECORD_DATA_SOURCE, id, integrationId, database, schema, table, viewSchema,
                viewName, status, message, Json.write(policies), timestamp(at));
    }

    /** A page of the list, with the number of integrations that match the filters. */
    public record Page(List<JsonNode> items, long total, int limit, int offset) {
    }

    /**
     * Integrations by id, filtered by status and type; {@code search} matches a part of the id or the target,
     * ignoring case.
     */
    public Page list(Optional<String> status, Optional<String> type, Optional<String> search, int limit, int offset) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> parameters = new ArrayList<>();
        status.ifPresent(value -> {
            where.append(" AND status = ?");
            parameters.add(value);
        });
        type.ifPresent(value -> {
            where.append(" AND type = ?");
            parameters.add(value);
        });
        search.ifPresent(value -> {
            where.append(" AND (id ILIKE ? ESCAPE '\\' OR target ILIKE ? ESCAPE '\\')");
            String pattern = "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            parameters.add(pattern);
            parameters.add(pattern);
        });
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement query = prepare(connection, "SELECT count(*) FROM integration_view" + where, parameters.toArray());
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                total = rows.getLong(1);
            }
            List<Object> paged = new ArrayList<>(parameters);
            paged.add(limit);
            paged.add(offset);
            List<JsonNode> items = new ArrayList<>();
            try (PreparedStatement query = prepare(connection, "SELECT " + document(false, false) + " FROM integration_view v"
                    + where + " ORDER BY length(id), id LIMIT ? OFFSET ?", paged.toArray());
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    items.add(Json.read(rows.getString(1)));
                }
            }
            return new Page(items, total, limit, offset);
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the status view", e);
        }
    }

    /** Counts by status, the operations in flight, and the oldest of them: what an ops dashboard shows first. */
    public ObjectNode summary() {
        ObjectNode summary = JsonNodeFactory.instance.objectNode();
        try (Connection connection = dataSource.getConnection()) {
            ObjectNode byStatus = summary.putObject("byStatus");
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT status, count(*) FROM integration_view GROUP BY status ORDER BY status");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byStatus.put(rows.getString(1), rows.getLong(2));
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT count(*),"
                    + " extract(epoch FROM now() - min(operation_started_at)),"
                    + " (SELECT id FROM integration_view WHERE current_operation IS NOT NULL ORDER BY operation_started_at LIMIT 1)"
                    + " FROM integration_view WHERE current_operation IS NOT NULL");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                summary.put("operationsInFlight", rows.getLong(1));
                if (rows.getObject(2) != null) {
                    summary.put("oldestOperationAgeSeconds", Math.round(rows.getDouble(2)));
                    summary.put("oldestOperationIntegrationId", rows.getString(3));
                }
            }
            return summary;
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the status view", e);
        }
    }

    /**
     * What the metrics show of the whole view: integrations by [status, type], and when the oldest operation in flight
     * started (empty when none is).
     */
    public record Fleet(Map<List<String>, Long> counts, Optional<Instant> oldestOperationStart) {
    }

    public Fleet fleet() {
        Map<List<String>, Long> counts = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT status, type, count(*) FROM integration_view GROUP BY status, type");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(List.of(rows.getString(1), rows.getString(2)), rows.getLong(3));
                }
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT min(operation_started_at) FROM integration_view WHERE current_operation IS NOT NULL");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                Timestamp oldest = rows.getTimestamp(1);
                return new Fleet(counts, Optional.ofNullable(oldest).map(Timestamp::toInstant));
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the status view", e);
        }
    }

    /** The view of one integration with its data sources and its latest timeline entries, as the API's JSON text. */
    public Optional<String> document(String id) {
        return find(id, true);
    }

    /**
     * The view of one integration as the live stream sends it: with its data sources (a change of one is a change
     * of the integration's view), without the timeline.
     */
    public Optional<ObjectNode> findWithoutTimeline(String id) {
        return find(id, false).map(document -> (ObjectNode) Json.read(document));
    }

    private Optional<String> find(String id, boolean withTimeline) {
        String timeline = withTimeline ? " CROSS JOIN LATERAL " + timelinePage(null, timelineConfig.latestEntries(), "") + " tl" : "";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = prepare(connection, "SELECT " + document(withTimeline, true)
                     + " FROM integration_view v" + timeline + " WHERE v.id = ?", id);
             ResultSet rows = query.executeQuery()) {
            return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the status view", e);
        }
    }

    /** Where a page of the timeline ends: the entry after which (going back in time) the next page begins. */
    public record TimelineCursor(Instant occurredAt, UUID messageId) {
    }

    /**
     * A page of one integration's timeline, {@code {"entries": [...], "older": url or null}}: the {@code limit} entries
     * before {@code before} (the latest ones without it), oldest first like the document's timeline, and the URL of the
     * page before them while there is one. Empty when the integration is not in the view.
     */
    public Optional<String> timeline(String id, Optional<TimelineCursor> before, int limit) {
        String page = timelinePage(before.orElse(null), limit, "&limit=" + limit);
        List<Object> parameters = new ArrayList<>();
        before.ifPresent(cursor -> {
            parameters.add(timestamp(cursor.occurredAt()));
            parameters.add(cursor.messageId());
        });
        parameters.add(id);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = prepare(connection, "SELECT json_build_object('entries', json_strip_nulls(tl.entries),"
                     + " 'older', tl.older)::text FROM integration_view v CROSS JOIN LATERAL " + page + " tl WHERE v.id = ?",
                     parameters.toArray());
             ResultSet rows = query.executeQuery()) {
            return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the status view", e);
        }
    }

    /**
     * The cursor the database writes into the URL of an older page ({@link #timelinePage}): base64url, unpadded, of the
     * last entry's time (ISO-8601, to the microsecond) and message id. Opaque to clients; empty when it is not one.
     */
    public static Optional<TimelineCursor> readCursor(String text) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = decoded.indexOf('|');
            return Optional.of(new TimelineCursor(Instant.parse(decoded.substring(0, bar)), UUID.fromString(decoded.substring(bar + 1))));
        } catch (RuntimeException e) { // not base64, no bar, not a time, not a UUID
            return Optional.empty();
        }
    }

    /**
     * A derived table of v's timeline: {@code entries}, the {@code limit} newest entries older than the cursor (the
     * newest of all without one; its two parameters come first), oldest first; {@code older}, the URL of the page
     * before them, or null when there is none. The order is (occurred_at, message_id), unique, which the index
     * timeline_event_page serves: one more entry than the page is read, to know whether an older page exists.
     * {@code query} is appended to that URL (the page's own limit). Integration ids are the gateway's digits, safe
     * in a path as they are.
     */
    private static String timelinePage(TimelineCursor before, int limit, String query) {
        String after = before == null ? "" : " AND (t.occurred_at, t.message_id) < (?::timestamptz, ?::uuid)";
        String cursor = "translate(encode(convert_to(" + apiTime("p.occurred_at") + " || '|' || p.message_id::text, 'UTF8'),"
                + " 'base64'), '+/=' || chr(10), '-_')";
        return "(SELECT coalesce(json_agg(json_build_object('type', p.type,"
                + " 'operation', p.operation, 'operationId', p.operation_id, 'step', p.step,"
                + " 'startedAt', " + apiTime("p.started_at") + ", 'finishedAt', " + apiTime("p.finished_at") + ","
                + " 'durationMs', " + epochMillis("p.finished_at") + " - " + epochMillis("p.started_at") + ","
                + " 'outcome', p.outcome, 'message', p.message, 'occurredAt', " + apiTime("p.occurred_at") + ")"
                + " ORDER BY p.occurred_at, p.message_id) FILTER (WHERE p.n <= " + limit + "), '[]') AS entries,"
                + " CASE WHEN count(*) > " + limit + " THEN '/integrations/' || v.id || '/timeline?before=' || max(" + cursor
                + ") FILTER (WHERE p.n = " + limit + ") || '" + query + "' END AS older"
                + " FROM (SELECT q.*, row_number() OVER (ORDER BY q.occurred_at DESC, q.message_id DESC) AS n"
                + " FROM (SELECT t.* FROM timeline_event t WHERE t.integration_id = v.id" + after
                + " ORDER BY t.occurred_at DESC, t.message_id DESC LIMIT " + (limit + 1) + ") q) p)";
    }

    /** Empties the view, before it is folded again from the first event. */
    public void clear() {
        try (Connection connection = dataSource.getConnection(); Statement truncate = connection.createStatement()) {
            truncate.execute("TRUNCATE integration_view, timeline_event, data_source");
        } catch (SQLException e) {
            throw new DatabaseException("cannot empty the status view", e);
        }
    }

    /**
     * The API's JSON of the row {@code v} of integration_view, built by the database: a read is one round trip
     * that returns text, with no rows turned into objects and back. Absent values are left out, as everywhere in
     * the API; times are ISO-8601 in UTC. The list leaves out the data sources and the timeline, the stream the
     * timeline; with the timeline, the query joins {@link #timelinePage} as {@code tl}.
     */
    private static String document(boolean withTimeline, boolean withDataSources) {
        // ids are strings in the API, as the gateway serves them; a deleted data source is history, not shown
        String dataSources = !withDataSources ? "NULL" : "(SELECT coalesce(json_agg(json_build_object('id', d.id::text,"
                + " 'integrationId', d.integration_id, 'database', d.database_name, 'schema', d.schema_name,"
                + " 'table', d.table_name, 'view', json_build_object('schema', d.view_schema, 'name', d.view_name),"
                + " 'status', d.status, 'message', d.message, 'policies', (SELECT coalesce(json_agg(json_build_object("
                + "'id', p.policy ->> 'id', 'name', p.policy ->> 'name') ORDER BY p.position), '[]')"
                + " FROM jsonb_array_elements(d.policies) WITH ORDINALITY AS p(policy, position)))"
                + " ORDER BY d.id), '[]') FROM data_source d WHERE d.integration_id = v.id AND d.status <> 'deleted')";
        return "json_strip_nulls(json_build_object('id', v.id, 'type', v.type, 'target', v.target, 'status', v.status,"
                + " 'databaseMode', v.database_mode,"
                + " 'message', v.status_message, 'autoBootstrap', v.auto_bootstrap,"
                + " 'validationResults', v.validation_results, 'config', v.config,"
                + " 'currentOperation', CASE WHEN v.current_operation IS NOT NULL THEN json_build_object("
                + "'operation', v.current_operation, 'operationId', v.current_operation_id,"
                + " 'startedAt', " + apiTime("v.operation_started_at") + ") END,"
                + " 'providerStatus', v.provider_status, 'providerErrors', NULLIF(v.provider_errors, '[]'::jsonb),"
                + " 'providerCreateTime', " + apiTime("v.provider_create_time") + ", 'integrationArn', v.integration_arn,"
                + " 'supportObjectsVersion', v.support_objects_version, 'lastError', v.last_error,"
                + " 'updatedAt', " + apiTime("v.updated_at") + ", 'lastCheckedAt', " + apiTime("v.last_checked_at") + ","
                + " 'dataSources', " + dataSources + ", 'timeline', " + (withTimeline ? "tl.entries" : "NULL") + ","
                + " 'olderTimeline', " + (withTimeline ? "tl.older" : "NULL") + "))::text";
    }

    /**
     * ISO-8601 in UTC ({@code 2026-11-30T09:00:00.123456Z}, trailing zeros of the fraction left out), from the
     * type's own text output in the ISO date style the driver sets; it costs far less than {@code to_char}.
     */
    private static String apiTime(String column) {
        return "replace((" + column + " AT TIME ZONE 'UTC')::text, ' ', 'T') || 'Z'";
    }

    private static String epochMillis(String column) {
        return "floor(extract(epoch FROM " + column + ") * 1000)::bigint";
    }

    /**
     * A value the tables refuse (SQL states 22: data exception, 23: constraint) will be refused on every retry, so
     * it counts as a malformed message; anything else (the database away) is worth retrying.
     */
    private static RuntimeException failure(SQLException e) {
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        if (state.startsWith("22") || state.startsWith("23")) {
            return new MalformedMessageException("the status view refuses this event: " + cause.getMessage());
        }
        return new DatabaseException("cannot update the status view", e);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        bind(statement, parameters);
        return statement;
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    /** The parameters of a statement built of parts, in the parts' order. */
    private static Object[] concat(Object[]... parts) {
        return Stream.of(parts).flatMap(Arrays::stream).toArray();
    }

    private static Long micros(Instant instant) {
        return instant == null ? null : instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
