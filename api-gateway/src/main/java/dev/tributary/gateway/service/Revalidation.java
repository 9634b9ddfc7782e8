package dev.tributary.gateway.service;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.RevalidationRequest;
import dev.tributary.contracts.messaging.ZeroEtlWatchRequest;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.gateway.messaging.OutboxRelay;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.gateway.persistence.OutboxRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a check of an integration is, on {@code integration.checks}: the periodic ones that {@link CheckScheduler}
 * claims, and one integration's at once when asked ({@code POST /integrations/{id}/validate}, which says so in
 * {@link RevalidationRequest#asked()} and counts as the check in flight). A failed check moves
 * it to recurringValidationError with the message; passing again restores enabled. Zero-ETL integrations have no
 * system account: they are described in RDS, in batches of one region each ({@link ZeroEtlWatchRequest}), and each
 * member's answer is recorded like any check's.
 * The validation-worker signs in as {@link dev.tributary.contracts.payload.IntegrationSpec#systemAccountTarget} says:
 * with the account's password after an automatic setup (also one that signed in through Okta), through Okta with the
 * stored Okta credentials after a manual Okta setup.
 */
@ApplicationScoped
public class Revalidation {
    private static final Logger LOG = Logger.getLogger(Revalidation.class);

    @Inject
    IntegrationRepository integrations;
    @Inject
    IntegrationService service;
    @Inject
    OutboxRepository outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    SecretSealer sealer;
    @Inject
    GovernanceStates governance;

    /**
     * Queues the scheduler's checks of integrations it has just claimed, in the caller's transaction: one
     * {@link MessageTypes#REVALIDATE_INTEGRATION} per governance integration, and for zero-ETL ones one
     * {@link MessageTypes#WATCH_ZERO_ETL} per region and batch of at most {@link ZeroEtlWatchRequest#MAX_BATCH} (one
     * DescribeIntegrations page). An integration whose system account cannot be read is released, not checked.
     */
    void queueScheduled(List<IntegrationRecord> claimed) {
        List<IntegrationRecord> zeroEtl = new ArrayList<>();
        for (IntegrationRecord record : claimed) {
            if (record.spec().type() == IntegrationType.ZERO_ETL) {
                zeroEtl.add(record);
                continue;
            }
            Optional<Credentials> account;
            try {
                account = service.systemAccount(record);
            } catch (RuntimeException e) {
                // a password sealed with a key the ring no longer has: the check could not sign in either
                LOG.warnf("integration %d: not checked: its system account's password cannot be unsealed: %s", record.id(),
                        e.getMessage());
                account = Optional.empty();
            }
            account.ifPresentOrElse(credentials -> queueCheck(record, UUID.randomUUID(), credentials, null, false),
                    () -> integrations.releaseCheck(record.id()));
        }
        Map<String, List<IntegrationRecord>> byRegion = zeroEtl.stream()
                .collect(Collectors.groupingBy(record -> record.spec().zeroEtl().region(), TreeMap::new, Collectors.toList()));
        byRegion.forEach((region, inRegion) -> {
            for (int from = 0; from < inRegion.size(); from += ZeroEtlWatchRequest.MAX_BATCH) {
                queueWatch(region, inRegion.subList(from, Math.min(inRegion.size(), from + ZeroEtlWatchRequest.MAX_BATCH))
                        .stream().map(record -> new ZeroEtlWatchRequest.Member(record.idText(), UUID.randomUUID(), record.providerArn()))
                        .toList());
            }
        });
    }

    /**
     * Queues a check of one integration now, through the same command as the periodic ones; returns its id, which
     * the result's event carries. {@code supportObjectsVersion}, when given, is recorded once the check passes (a
     * manual integration whose migration script was run). 409 while an operation runs or in a status no check
     * moves out of (disabled, an error of an operation).
     */
    public UUID checkNow(IntegrationRecord record, Integer supportObjectsVersion) {
        if (record.spec().type() == IntegrationType.ZERO_ETL) {
            return watchNow(record, supportObjectsVersion);
        }
        if (supportObjectsVersion != null && record.spec().autoBootstrap()) {
            // the check looks for the objects, not at their version: only a person who ran the script may say it
            throw new InvalidRequestException(new FieldError("supportObjectsVersion", "not-allowed", "is only for manual"
                    + " integrations, after their migration script; integration " + record.id() + " was set up"
                    + " automatically, so POST /integrations/" + record.id() + "/migrate brings its support objects up"));
        }
        if (supportObjectsVersion != null && (supportObjectsVersion <= record.supportObjectsVersion()
                || supportObjectsVersion > ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION)) {
            throw new InvalidRequestException(new FieldError("supportObjectsVersion", "range", "must be above the"
                    + " integration's version (" + record.supportObjectsVersion() + ") and at most the current one ("
                    + ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION + "); leave it out for a check alone"));
        }
        Credentials account = service.systemAccount(record).orElseThrow(() -> new IntegrationConflictException(
                "Integration with ID " + record.id() + " has no system account to validate as: only governance"
                        + " integrations that were created successfully are checked."));
        UUID checkId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            if (!integrations.acceptCheck(record.id())) {
                throw service.busy("validate", record.id());
            }
            queueCheck(record, checkId, account, supportObjectsVersion, true);
        });
        relay.wakeUp();
        return checkId;
    }

    /** A zero-ETL integration's check now: a batch of one, described in RDS like the periodic ones. */
    private UUID watchNow(IntegrationRecord record, Integer supportObjectsVersion) {
        if (supportObjectsVersion != null) {
            throw new InvalidRequestException(new FieldError("supportObjectsVersion", "not-allowed", "is only for Redshift"
                    + " governance integrations; integration " + record.id() + " is a ZeroETL integration, which has no"
                    + " support objects"));
        }
        if (record.providerArn() == null) {
            throw new IntegrationConflictException("Integration with ID " + record.id() + " has no integration in RDS yet to"
                    + " describe: it is checked once its create has made one.");
        }
        UUID checkId = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            if (!integrations.acceptCheck(record.id())) {
                throw service.busy("validate", record.id());
            }
            queueWatch(record.spec().zeroEtl().region(), List.of(new ZeroEtlWatchRequest.Member(record.idText(), checkId,
                    record.providerArn())));
        });
        relay.wakeUp();
        return checkId;
    }

    /** The envelope carries the first member's id (its record key) and an id of its own; each member its check's. */
    private void queueWatch(String region, List<ZeroEtlWatchRequest.Member> members) {
        outbox.append(Topics.CHECKS, Envelope.of(MessageTypes.WATCH_ZERO_ETL, members.get(0).integrationId(),
                UUID.randomUUID(), new ZeroEtlWatchRequest(region, members)));
    }

    /** The check also compares the target's governed data with {@link GovernanceStates}' (null for zero-ETL). */
    private void queueCheck(IntegrationRecord record, UUID operationId, Credentials account, Integer supportObjectsVersion,
                            boolean asked) {
        outbox.append(Topics.CHECKS, Envelope.of(MessageTypes.REVALIDATE_INTEGRATION, record.idText(), operationId,
                new RevalidationRequest(record.spec(), sealer.seal(Json.write(account),
                        SealingContext.revalidationCredentials(record.idText(), operationId, record.spec())),
                        supportObjectsVersion, governance.of(record), asked)));
    }
}
