package dev.tributary.gateway.persistence;

import dev.tributary.contracts.lifecycle.IntegrationStatus;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.zeroetl.ProviderError;
import dev.tributary.contracts.zeroetl.ProviderState;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import dev.tributary.support.persistence.DatabaseFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The registry table. Callers hold the transaction; every method joins it. Reads come back as
 * {@link IntegrationRecord} projections, never as managed {@link Integration} entities: a managed entity must not
 * escape its transaction into the answer layer, and within one transaction it would go stale after the bulk updates
 * below (which bypass the persistence context). Every change is one conditional statement that the database decides.
 */
@ApplicationScoped
@DatabaseFailures
@ActivateRequestContext // reads outside a transaction (schedulers, consumers) need a session; inside one, it joins it
public class IntegrationRepository implements PanacheRepositoryBase<Integration, Long> {
    /** Statuses whose integration no longer holds its target (the partial unique index's condition). */
    private static final List<IntegrationStatus> TARGET_RELEASED = List.of(IntegrationStatus.DELETED, IntegrationStatus.CREATE_ERROR,
            IntegrationStatus.DISABLED);
    private static final String CHANGED = "version = version + 1, updatedAt = instant";
    /** The spec column's own converter, for the one statement written in SQL. */
    private static final Columns.Spec SPEC_COLUMN = new Columns.Spec();
    private static final Columns.Mode MODE_COLUMN = new Columns.Mode();

    /**
     * Inserts a new integration unless a live one holds the same target; the unique index decides, so two
     * concurrent creates cannot both win. Returns the new id, or empty when the target is taken. {@code providerArn}
     * is known at once for an adopted zero-ETL integration (null otherwise): the row then edits and deletes it like
     * one created here.
     */
    public OptionalLong insertIfTargetFree(IntegrationSpec spec, DatabaseMode mode, Operation operation, UUID operationId,
                                           Instant deadline, int supportObjectsVersion, String providerArn) {
        // ON CONFLICT against a partial index has no JPQL form; one native statement keeps the create one round trip.
        // No result class: with one, Hibernate's query plan cache never recognises the statement again and grows by
        // an entry per create, each one slowing every later look-up (RegistryStorageTest pins this).
        List<?> inserted = getEntityManager().createNativeQuery("INSERT INTO integration (id, type, target_key, auto_bootstrap,"
                        + " spec, status, operation, operation_id, operation_deadline, database_mode, support_objects_version,"
                        + " provider_arn) VALUES (nextval('integration_id_seq'), ?1, ?2, ?3, CAST(?4 AS jsonb), ?5, ?6, ?7, ?8,"
                        + " CAST(?9 AS text), ?10, CAST(?11 AS text))"
                        + " ON CONFLICT (type, target_key) WHERE status NOT IN ('deleted', 'createError', 'disabled')"
                        + " DO NOTHING RETURNING id")
                .setParameter(1, spec.type().wireName())
                .setParameter(2, spec.config().targetKey())
                .setParameter(3, spec.autoBootstrap())
                .setParameter(4, SPEC_COLUMN.convertToDatabaseColumn(spec))
                .setParameter(5, operation.inProgress().wireName())
                .setParameter(6, operation.wireName())
                .setParameter(7, operationId)
                .setParameter(8, deadline)
                .setParameter(9, MODE_COLUMN.convertToDatabaseColumn(mode))
                .setParameter(10, supportObjectsVersion)
                .setParameter(11, providerArn)
                .getResultList();
        return inserted.isEmpty() ? OptionalLong.empty() : OptionalLong.of(((Number) inserted.get(0)).longValue());
    }

    /**
     * The latest integration of {@code spec}'s target that named the same database (as the engine folds names),
     * deleted or failed ones included: the one whose leftovers a clean-up script must undo.
     */
    public Optional<IntegrationRecord> latestForDatabase(IntegrationSpec spec) {
        return records(find("type = ?1 and targetKey = ?2", Sort.descending("id"),
                spec.type().wireName(), spec.config().targetKey())).list().stream()
                .filter(record -> SqlIdentifiers.sameName(record.spec().redshift().database(), spec.redshift().database()))
                .findFirst();
    }

    public OptionalLong liveIdForTarget(IntegrationSpec spec) {
        return getEntityManager()
                .createQuery("select id from Integration where type = ?1 and targetKey = ?2 and status not in ?3", Long.class)
                .setParameter(1, spec.type().wireName())
                .setParameter(2, spec.config().targetKey())
                .setParameter(3, TARGET_RELEASED)
                .getResultStream().mapToLong(Long::longValue).findFirst();
    }

    /** The live integration (one that holds its target) whose RDS integration is {@code providerArn}, if any. */
    public OptionalLong liveIdForProvider(String providerArn) {
        return getEntityManager()
                .createQuery("select id from Integration where providerArn = ?1 and status not in ?2", Long.class)
                .setParameter(1, providerArn)
                .setParameter(2, TARGET_RELEASED)
                .getResultStream().mapToLong(Long::longValue).findFirst();
    }

    /** The integration if it holds its target: neither deleted, disabled nor failed to be created. */
    public Optional<IntegrationRecord> findLive(long id) {
        return records(find("id = ?1 and status not in ?2", id, TARGET_RELEASED)).firstResultOptional();
    }

    public Optional<IntegrationRecord> find(long id) {
        return records(find("id = ?1 and status <> ?2", id, IntegrationStatus.DELETED)).firstResultOptional();
    }

    public Optional<IntegrationRecord> findIncludingDeleted(long id) {
        return records(find("id", id)).firstResultOptional();
    }

    /** Every integration not deleted, oldest first. */
    public List<IntegrationRecord> findAllLive() {
        return records(find("status <> ?1", Sort.by("id"), IntegrationStatus.DELETED)).list();
    }

    /** At most {@code limit} of the integrations not deleted, oldest first, from the {@code offset}-th on. */
    public List<IntegrationRecord> findLive(int offset, int limit) {
        int last = (int) Math.min(Integer.MAX_VALUE, (long) offset + limit - 1);
        return records(find("status <> ?1", Sort.by("id"), IntegrationStatus.DELETED)).range(offset, last).list();
    }

    public long countLive() {
        return count("status <> ?1", IntegrationStatus.DELETED);
    }

    public List<IntegrationRecord> findOverdue(Instant now) {
        return records(find("operation is not null and operationDeadline < ?1", now)).list();
    }

    /**
     * Live Redshift (governance) integrations whose host could be a zero-ETL target in {@code region}: an AWS name
     * of that region ({@code ….<region>.…}), or a name that is not AWS's at all (an IP address, localhost, a custom
     * domain), which may be anywhere. At most {@code limit}, oldest first.
     */
    public List<IntegrationRecord> findGovernanceHostsIn(String region, int limit) {
        return records(find("type = ?1 and status not in ?2 and (targetKey like concat('%.', ?3, '.%')"
                        + " or (targetKey not like '%.amazonaws.com' and targetKey not like '%.amazonaws.com.cn'))",
                Sort.by("id"), IntegrationType.REDSHIFT.wireName(), TARGET_RELEASED, region)).page(0, limit).list();
    }

    /**
     * The statuses in which an integration's target is governed: it was created and is neither being torn down nor
     * released. Edits, checks and migrations do not stop governance; their commands run beside them.
     */
    public static final List<IntegrationStatus> GOVERNABLE = List.of(IntegrationStatus.ENABLED, IntegrationStatus.EDITING,
            IntegrationStatus.EDIT_ERROR, IntegrationStatus.RECURRING_VALIDATION_ERROR, IntegrationStatus.MIGRATING,
            IntegrationStatus.MIGRATE_ERROR);

    /**
     * Whether changes of governed data go to this integration's target: Redshift, governable, with a system account,
     * and support objects that have the entitlement tables (an older one gets every user once it is migrated).
     */
    public static boolean governable(IntegrationRecord record) {
        return record.spec().type() == IntegrationType.REDSHIFT && GOVERNABLE.contains(record.status())
                && record.systemAccount() != null && record.sealedSystemPassword() != null
                && record.supportObjectsVersion() >= ManagedDatabaseSetup.GOVERNANCE_SINCE_VERSION;
    }

    /**
     * The integration, read after taking a share lock on its row: a disable or delete that has not committed yet
     * finishes first, and one that comes later waits for this transaction (whose data source it will then release).
     */
    public Optional<IntegrationRecord> findLocked(long id) {
        List<?> locked = getEntityManager().createNativeQuery("SELECT id FROM integration WHERE id = ?1 FOR SHARE")
                .setParameter(1, id).getResultList();
        return locked.isEmpty() ? Optional.empty() : find(id);
    }

    /** Every integration {@link #governable} says changes of governed data go to, oldest first. */
    public List<IntegrationRecord> findGovernable() {
        return records(find("type = ?1 and status in ?2 and systemAccount is not null and sealedSystemPassword is not null"
                        + " and supportObjectsVersion >= ?3", Sort.by("id"), IntegrationType.REDSHIFT.wireName(), GOVERNABLE,
                ManagedDatabaseSetup.GOVERNANCE_SINCE_VERSION)).list();
    }

    /**
     * Starts {@code operation} on an idle integration whose status allows it; the condition is part of the UPDATE,
     * so of two concurrent requests only one can win. {@code pendingSpec} is what an edit will apply on success.
     * An operation that keeps the status ({@link #STATUS_KEEPING}) leaves the status, its message and the last
     * validation results as they are.
     */
    public boolean startOperation(long id, Operation operation, UUID operationId, Instant deadline, IntegrationSpec pendingSpec,
                                  List<IntegrationStatus> allowedFrom) {
        if (STATUS_KEEPING.contains(operation)) {
            return update("operation = ?1, operationId = ?2, operationDeadline = ?3, pendingSpec = ?4, " + CHANGED
                            + " where id = ?5 and operation is null and status in ?6",
                    operation, operationId, deadline, pendingSpec, id, allowedFrom) == 1;
        }
        return update("status = ?1, statusMessage = null, validationResults = null, operation = ?2, operationId = ?3,"
                        + " operationDeadline = ?4, pendingSpec = ?5, " + CHANGED
                        + " where id = ?6 and operation is null and status in ?7",
                operation.inProgress(), operation, operationId, deadline, pendingSpec, id, allowedFrom) == 1;
    }

    /**
     * Operations that run as an integration's operation but never move its status (a refresh of a materialised
     * zero-ETL integration): a recurringValidationError integration stays one while it runs and after it ends, whatever
     * status its outcome names, since the outcome says nothing about what the last check found.
     */
    static final List<Operation> STATUS_KEEPING = List.of(Operation.REFRESH);

    /**
     * Carries out an operation that starts and ends in the registry alone (a forced disable, the deregistration of a
     * disabled integration), in one conditional statement: the row never passes through an in-progress status, which
     * would claim its target again (the partial unique index) after another integration took it.
     */
    public boolean endAtOnce(long id, UUID operationId, IntegrationStatus status, String message, List<IntegrationStatus> allowedFrom) {
        return update("status = ?1, statusMessage = ?2, validationResults = null, operation = null, operationId = ?3,"
                        + " operationDeadline = null, pendingSpec = null, " + CHANGED
                        + " where id = ?4 and operation is null and status in ?5",
                status, message, operationId, id, allowedFrom) == 1;
    }

    /**
     * Records a check's result; it only moves an idle integration between enabled and recurringValidationError.
     * {@code checkId} is the check's operation id (what {@code POST /integrations/{id}/validate} waits for);
     * {@code supportObjectsVersion}, when not null, is the version a person said the support objects now have;
     * {@code provider}, when not null, is what RDS said of a zero-ETL integration when it was described.
     */
    public boolean recordRevalidation(long id, UUID checkId, ValidationResults results, Integer supportObjectsVersion,
                                      ProviderState provider) {
        Optional<String> failure = results.failureMessage();
        List<Object> parameters = new ArrayList<>(List.of(id, CHECKABLE, results,
                failure.isPresent() ? IntegrationStatus.RECURRING_VALIDATION_ERROR : IntegrationStatus.ENABLED));
        parameters.addAll(Arrays.asList(failure.orElse(null), checkId, supportObjectsVersion));
        String providerFields = "";
        if (provider != null) {
            providerFields = ", providerStatus = ?8, providerErrors = ?9, providerCreateTime = coalesce(?10, providerCreateTime)";
            parameters.addAll(Arrays.asList(provider.status(), errorsOrNull(provider), provider.createTime()));
        }
        return update("validationResults = ?3, status = ?4, statusMessage = ?5, lastCheckId = ?6,"
                        + " supportObjectsVersion = coalesce(?7, supportObjectsVersion)" + providerFields + ", " + CHANGED
                        + " where id = ?1 and operation is null and status in ?2", parameters.toArray()) == 1;
    }

    /**
     * Notes that a check of the integration was answered at {@code checkedAt}, whether or not its result was recorded
     * (an operation may have started meanwhile): no check is in flight any more, and {@code lastCheckedAt} moves to
     * {@code checkedAt} unless a later answer came first. Not a change of the integration: the version stays.
     */
    public void recordChecked(long id, Instant checkedAt) {
        // an answer older than the check in flight (a lost check answered late, a periodic one overtaken by a person's)
        // is not that check's: it stays in flight, so no second check starts beside it
        update("lastCheckedAt = case when lastCheckedAt is null or lastCheckedAt < ?2 then ?2 else lastCheckedAt end,"
                + " checkStartedAt = case when checkStartedAt <= ?2 then null else checkStartedAt end where id = ?1",
                id, checkedAt);
    }

    /**
     * Gives every checkable integration that has no check time yet its first one, at random within {@code interval}
     * from now, so that a fleet created (or upgraded) at once is checked spread over the interval, not in one burst.
     * Rows another transaction holds are left for the next round. Returns how many were scheduled.
     */
    public int scheduleFirstChecks(Duration interval) {
        // FOR UPDATE SKIP LOCKED and random() per row have no JPQL form; no result class (query plan cache)
        return getEntityManager().createNativeQuery("UPDATE integration SET next_check_at = now() + random() * ?1 * interval '1 second'"
                        + " WHERE id IN (SELECT id FROM integration WHERE next_check_at IS NULL AND " + CHECKABLE_ROW
                        + " FOR UPDATE SKIP LOCKED)")
                .setParameter(1, seconds(interval))
                .executeUpdate();
    }

    /**
     * Claims at most {@code limit} integrations whose check is due and not in flight, most overdue first: each gets
     * {@code checkStartedAt} now and its next check one {@code interval} on, give or take {@code jitter} of it. Rows
     * that another gateway instance is claiming (or any transaction holds) are skipped, not waited for, so two
     * instances never claim the same row and never queue behind each other. Returns the claimed ids.
     */
    public List<Long> claimDueChecks(int limit, Duration interval, double jitter, Duration inFlightTimeout) {
        List<?> claimed = getEntityManager().createNativeQuery("UPDATE integration i SET check_started_at = now(),"
                        + " next_check_at = now() + ?2 * (1 + ?3 * (2 * random() - 1)) * interval '1 second'"
                        + " FROM (SELECT id FROM integration WHERE " + CHECKABLE_ROW + " AND next_check_at <= now()"
                        + " AND NOT coalesce(" + CHECK_IN_FLIGHT.replace("?1", "?4") + ", false)"
                        // ties (a sweep makes every check due at one instant) go by id, so that integrations created
                        // together, often of one region, share a batch and so a zero-ETL watch request
                        + " ORDER BY next_check_at, id LIMIT ?1 FOR UPDATE SKIP LOCKED) due WHERE i.id = due.id RETURNING i.id")
                .setParameter(1, limit)
                .setParameter(2, seconds(interval))
                .setParameter(3, jitter)
                .setParameter(4, seconds(inFlightTimeout))
                .getResultList();
        return claimed.stream().map(id -> ((Number) id).longValue()).toList();
    }

    /** A claimed check that was not sent after all: none is in flight. */
    public void releaseCheck(long id) {
        update("checkStartedAt = null where id = ?1", id);
    }

    /**
     * Makes the check of every checkable integration due now (an operator's sweep, say after a network outage was
     * fixed); the scheduler claims them from its next round on, skipping those whose check is still in flight.
     * Returns how many were made due.
     */
    public int makeChecksDue() {
        return getEntityManager().createNativeQuery("UPDATE integration SET next_check_at = now() WHERE " + CHECKABLE_ROW)
                .executeUpdate();
    }

    /**
     * @param due      checkable integrations whose check is due and not in flight
     * @param inFlight checks in flight that have not run out of time, of any integration
     */
    public record CheckCounts(long due, long inFlight) {
    }

    /** Both counts in one pass over the registry, for the scheduler's bound and its gauges. */
    public CheckCounts checkCounts(Duration inFlightTimeout) {
        Object[] counts = (Object[]) getEntityManager().createNativeQuery("SELECT count(*) FILTER (WHERE " + CHECKABLE_ROW
                        + " AND next_check_at <= now() AND NOT coalesce(" + CHECK_IN_FLIGHT + ", false)),"
                        + " count(*) FILTER (WHERE " + CHECK_IN_FLIGHT + ") FROM integration")
                .setParameter(1, seconds(inFlightTimeout))
                .getSingleResult();
        return new CheckCounts(((Number) counts[0]).longValue(), ((Number) counts[1]).longValue());
    }

    /** The integrations with these ids, oldest first. */
    public List<IntegrationRecord> findAll(List<Long> ids) {
        return records(find("id in ?1", Sort.by("id"), ids)).list();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /**
     * The statuses a check (periodic or asked for) may run in; it moves them to enabled or recurringValidationError.
     * A failed migration left the version before in place, whole, so the integration is checked on like any other
     * (and migrated again once it is enabled) rather than left unwatched.
     */
    public static final List<IntegrationStatus> CHECKABLE = List.of(IntegrationStatus.ENABLED,
            IntegrationStatus.RECURRING_VALIDATION_ERROR, IntegrationStatus.MIGRATE_ERROR);

    /**
     * The rows the check scheduler may check: idle, in a status checks move between ({@link #CHECKABLE}), and
     * checkable at all (a governance integration as its system account, a zero-ETL one in RDS, once it has one there).
     * SQL, for the statements below that have no JPQL form.
     */
    private static final String CHECKABLE_ROW = "operation IS NULL AND status IN ("
            + CHECKABLE.stream().map(status -> "'" + status.wireName() + "'").collect(java.util.stream.Collectors.joining(", "))
            + ") AND (type = '" + IntegrationType.ZERO_ETL.wireName() + "' AND provider_arn IS NOT NULL OR type <> '"
            + IntegrationType.ZERO_ETL.wireName() + "' AND system_account IS NOT NULL AND sealed_system_password IS NOT NULL)";
    /** A check in flight that has not run out of time (?1: the in-flight timeout, in seconds); an older one is lost. */
    private static final String CHECK_IN_FLIGHT = "check_started_at >= now() - ?1 * interval '1 second'";

    /**
     * Whether an asked-for check may be queued now: the integration idle, in a status checks move between. One
     * statement, so it is decided against the same row the caller's transaction then writes the command for.
     */
    public boolean acceptCheck(long id) {
        // a governance integration is checked as its system account, a zero-ETL one is described in RDS; the check is
        // in flight from now on, so that the scheduler does not add a periodic one beside it
        return update(CHANGED + ", checkStartedAt = instant where id = ?1 and operation is null and status in ?2 and (type = ?3 and providerArn is not null"
                + " or type <> ?3 and systemAccount is not null)", id, CHECKABLE, IntegrationType.ZERO_ETL.wireName()) == 1;
    }

    /**
     * Automatic governance integrations whose support objects are older than {@code current}: idle and enabled
     * (a migration that failed waits for a person), with a system account.
     */
    public List<IntegrationRecord> findForMigration(int current) {
        return records(find("operation is null and systemAccount is not null and status = ?1 and autoBootstrap = true"
                + " and type = ?2 and supportObjectsVersion < ?3", Sort.by("id"), IntegrationStatus.ENABLED,
                IntegrationType.REDSHIFT.wireName(), current)).list();
    }

    /**
     * Records validation results of the operation in flight; a failed validation also ends the operation. The
     * database mode it found is kept only where none is recorded yet: it is decided once.
     */
    public boolean recordValidation(long id, UUID operationId, ValidationResults results, IntegrationStatus failedStatus,
                                    DatabaseMode mode) {
        if (mode != null) {
            update("databaseMode = ?1, " + CHANGED + " where id = ?2 and operationId = ?3 and databaseMode is null", mode, id, operationId);
        }
        Optional<String> failure = results.failureMessage();
        List<Object> parameters = new ArrayList<>(List.of(results, id, operationId));
        String endsOperation = "";
        if (failure.isPresent()) {
            endsOperation = ", status = ?4, statusMessage = ?5, operation = null, operationDeadline = null, pendingSpec = null";
            parameters.addAll(List.of(failedStatus, failure.get()));
        }
        return update("validationResults = ?1, " + CHANGED + endsOperation + " where id = ?2 and operationId = ?3",
                parameters.toArray()) == 1;
    }

    /**
     * Ends the operation in flight, if {@code operationId} is still the current one. A successful edit applies its
     * pending spec; a failed one keeps the spec as it was (the target was rolled back). An operation that keeps the
     * status ({@link #STATUS_KEEPING}) only ends and leaves its message.
     */
    public boolean finishOperation(long id, UUID operationId, IntegrationStatus status, String message, boolean succeeded) {
        return finishOperation(id, operationId, status, message, succeeded, null);
    }

    /** Like the above; {@code supportObjectsVersion}, when not null, is the version the operation left in the target. */
    public boolean finishOperation(long id, UUID operationId, IntegrationStatus status, String message, boolean succeeded,
                                   Integer supportObjectsVersion) {
        // the row's own operation decides whether the status moves: an outcome cannot flip what it must keep
        return update("status = case when operation in ?6 then status else ?1 end, statusMessage = ?2, operation = null,"
                        + " operationDeadline = null," + (succeeded ? " spec = coalesce(pendingSpec, spec)," : "") + " pendingSpec = null,"
                        + " supportObjectsVersion = coalesce(?5, supportObjectsVersion), " + CHANGED
                        + " where id = ?3 and operationId = ?4 and operation is not null",
                status, message, id, operationId, supportObjectsVersion, STATUS_KEEPING) == 1;
    }

    /**
     * Records the system account an operation set up, if that operation is still the one in flight: an account
     * announced by a late worker, after its operation ended, must not become the integration's.
     */
    public boolean recordSystemAccount(long id, UUID operationId, String username, String sealedPassword) {
        return update("systemAccount = ?1, sealedSystemPassword = ?2, " + CHANGED
                + " where id = ?3 and operationId = ?4 and operation is not null", username, sealedPassword, id, operationId) == 1;
    }

    /** Every integration, deleted ones too, that keeps a sealed system-account password. */
    public List<IntegrationRecord> findWithSealedSystemPassword() {
        return records(find("sealedSystemPassword is not null", Sort.by("id"))).list();
    }

    /** The sealed system-account passwords kept, for counting which keys they need. */
    public List<String> sealedSystemPasswords() {
        return getEntityManager().createQuery("select sealedSystemPassword from Integration where sealedSystemPassword is not null",
                String.class).getResultList();
    }

    /**
     * Puts the same password, sealed anew, in place of {@code sealed}; false when the row changed meanwhile (a new
     * system account was recorded), which then keeps its newer value.
     */
    public boolean replaceSealedSystemPassword(long id, String sealed, String resealed) {
        return update("sealedSystemPassword = ?1, " + CHANGED + " where id = ?2 and sealedSystemPassword = ?3",
                resealed, id, sealed) == 1;
    }

    public long operationsInFlight() {
        return count("operation is not null");
    }

    /**
     * Records what RDS reported during {@code operationId}: its status, errors and create time. The integration's last
     * operation counts even once it has ended (RDS reports the final status as the operation ends), but not an older one.
     */
    public boolean recordProviderStatus(long id, UUID operationId, ProviderState provider) {
        return update("providerArn = coalesce(?1, providerArn), providerStatus = ?2, providerErrors = ?3,"
                        + " providerCreateTime = coalesce(?4, providerCreateTime), " + CHANGED + " where id = ?5 and operationId = ?6",
                provider.integrationArn(), provider.status(), errorsOrNull(provider), provider.createTime(), id, operationId) == 1;
    }

    /** No errors are stored as none (null), so that the view leaves them out. */
    private static List<ProviderError> errorsOrNull(ProviderState provider) {
        return provider.errors().isEmpty() ? null : provider.errors();
    }

    /** The one mapping from rows to records: Panache selects the entity attributes named like the record's components. */
    private static PanacheQuery<IntegrationRecord> records(PanacheQuery<Integration> rows) {
        return rows.project(IntegrationRecord.class);
    }
}
