package dev.tributary.bootstrap.messaging;

import dev.tributary.bootstrap.persistence.GovernanceRevisions;
import dev.tributary.bootstrap.service.GovernanceApplier;
import dev.tributary.bootstrap.service.GovernanceApplier.GovernanceFailedException;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.UserProfile;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.GovernanceApplied;
import dev.tributary.contracts.messaging.GovernanceCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.support.claims.DeadlinePassedException;
import dev.tributary.support.claims.WorkClaim;
import dev.tributary.support.claims.WorkClaims;
import dev.tributary.support.messaging.EventPublisher;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.messaging.IdempotentHandler;
import dev.tributary.support.observability.MessageTracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Applies governance changes ({@code GovernanceRequested}) to an integration's target: once per work item (the
 * idempotent handler, as setups), one change of an object at a time on any instance (a claim on its lane), and never
 * an older revision after a newer one (the revision ledger, read and written under the lane's claim). Each applied
 * change is one {@code govern} step on the timeline; the work item ends with {@code GovernanceApplied}.
 */
@ApplicationScoped
public class GovernanceConsumer {
    private static final Logger LOG = Logger.getLogger(GovernanceConsumer.class);
    private static final String USER_KEY = "user:";

    @Inject
    IdempotentHandler handler;
    @Inject
    MessageTracing tracing;
    @Inject
    WorkClaims claims;
    @Inject
    GovernanceRevisions revisions;
    @Inject
    GovernanceApplier applier;
    @Inject
    StepAnnouncements steps;
    @Inject
    SecretSealer sealer;

    /** Handles one work item of {@code integration.bootstrap} whose envelope says {@code GovernanceRequested}. */
    void onWork(ConsumerRecord<String, String> record, Envelope work) {
        GovernanceCommand command = work.payloadAs(GovernanceCommand.class).requireWhole();
        tracing.handle(record, work, () -> handler.handle(work, command.deadline(), claim -> carryOut(work, command, claim)));
    }

    /** The lane's claim: two changes of one lane of one integration never run at once, on any instance. */
    static UUID laneId(String integrationId, GovernanceChange change) {
        return UUID.nameUUIDFromBytes((integrationId + "/" + change.lane()).getBytes(StandardCharsets.UTF_8));
    }

    private List<Outgoing> carryOut(Envelope work, GovernanceCommand command, WorkClaim claim) {
        GovernanceChange change = command.change();
        try {
            claim.checkBeforeStep();
            try (WorkClaim lane = claims.claim(laneId(work.integrationId(), change), command.deadline(),
                    "integration " + work.integrationId() + ": governance lane " + change.lane())) {
                Runnable beforeEachStatement = () -> {
                    claim.checkBeforeStep();
                    lane.checkBeforeStep();
                };
                beforeEachStatement.run();
                return List.of(change instanceof GovernanceChange.View view
                        ? view(work, command, view, beforeEachStatement)
                        : profiles(work, command, (GovernanceChange.Profiles) change, beforeEachStatement));
            }
        } catch (DeadlinePassedException e) {
            String message = describe(change) + " was not applied before its deadline (" + e.deadline()
                    + "); the next check puts it in step.";
            LOG.warnf("integration %s: %s", work.integrationId(), message);
            return List.of(outcome(work, GovernanceApplied.of(change, GovernanceApplied.FAILED, message,
                    change instanceof GovernanceChange.View view ? view.table().columns() : List.of())));
        }
    }

    private Outgoing view(Envelope work, GovernanceCommand command, GovernanceChange.View view, Runnable beforeEachStatement) {
        String key = view.lane();
        Long recorded = revisions.recorded(work.integrationId(), List.of(key)).get(key);
        GovernedTable table = view.table();
        if (recorded != null && view.revision() < recorded) {
            return outcome(work, GovernanceApplied.of(view, GovernanceApplied.SUPERSEDED, "revision " + view.revision()
                    + " of view " + table.viewDisplayName() + " came after revision " + recorded + " was applied; it changed nothing",
                    table.columns()));
        }
        if (recorded != null && view.revision() == recorded && !command.repair()) {
            // a check's repair ran ahead of this change and put its revision in place: building it again would only
            // replace the view a second time
            return outcome(work, GovernanceApplied.of(view, GovernanceApplied.SUPERSEDED, "revision " + view.revision()
                    + " of view " + table.viewDisplayName() + " was applied already; it changed nothing", table.columns()));
        }
        Instant started = Instant.now();
        List<String> columns;
        try {
            Credentials login = systemAccount(work, command);
            columns = applier.applyView(target(command, login), login, view, beforeEachStatement);
        } catch (GovernanceFailedException e) {
            LOG.warnf("integration %s: %s", work.integrationId(), e.getMessage());
            return outcome(work, GovernanceApplied.of(view, GovernanceApplied.FAILED, e.getMessage(), table.columns()));
        }
        Instant finished = Instant.now();
        revisions.record(work.integrationId(), Map.of(key, view.revision()), finished);
        announce(work, new StepCompleted(Operation.GOVERN, view.step(), started, finished, StepCompleted.DONE,
                table.viewDisplayName()));
        return outcome(work, GovernanceApplied.of(view, GovernanceApplied.APPLIED, null, columns));
    }

    /**
     * Writes the profiles whose revision is not below the one recorded for their user; the others are left as the
     * newer revision wrote them. One user named twice counts with their highest revision.
     */
    private Outgoing profiles(Envelope work, GovernanceCommand command, GovernanceChange.Profiles change, Runnable beforeEachStatement) {
        Map<String, UserProfile> byKey = new LinkedHashMap<>();
        for (UserProfile profile : change.profiles() == null ? List.<UserProfile>of() : change.profiles()) {
            byKey.merge(USER_KEY + SqlIdentifiers.catalogName(profile.userName()), profile,
                    (one, other) -> other.revision() >= one.revision() ? other : one);
        }
        if (byKey.isEmpty()) {
            return outcome(work, GovernanceApplied.of(change, GovernanceApplied.APPLIED, "no profile to write", List.of()));
        }
        Map<String, Long> recorded = revisions.recorded(work.integrationId(), byKey.keySet());
        List<UserProfile> current = new ArrayList<>();
        List<String> superseded = new ArrayList<>();
        Map<String, Long> written = new LinkedHashMap<>();
        byKey.forEach((key, profile) -> {
            Long newer = recorded.get(key);
            if (newer != null && profile.revision() < newer) {
                superseded.add(profile.userName() + " (revision " + profile.revision() + ", " + newer + " applied)");
            } else {
                current.add(profile);
                written.put(key, profile.revision());
            }
        });
        String skipped = superseded.isEmpty() ? null : "newer revisions were written already of " + String.join(", ", superseded);
        if (current.isEmpty()) {
            return outcome(work, GovernanceApplied.of(change, GovernanceApplied.SUPERSEDED, skipped + "; nothing was changed", List.of()));
        }
        GovernanceChange.Profiles applied = new GovernanceChange.Profiles(current);
        Instant started = Instant.now();
        try {
            Credentials login = systemAccount(work, command);
            applier.writeProfiles(target(command, login), login, current, started, beforeEachStatement);
        } catch (GovernanceFailedException e) {
            LOG.warnf("integration %s: %s", work.integrationId(), e.getMessage());
            return outcome(work, GovernanceApplied.of(applied, GovernanceApplied.FAILED, e.getMessage(), List.of()));
        }
        Instant finished = Instant.now();
        revisions.record(work.integrationId(), written, finished);
        announce(work, new StepCompleted(Operation.GOVERN, change.step(), started, finished, StepCompleted.DONE,
                current.stream().map(UserProfile::userName).collect(Collectors.joining(", "))));
        return outcome(work, GovernanceApplied.of(applied, GovernanceApplied.APPLIED, skipped, List.of()));
    }

    /** The system account's credentials, sealed by the gateway for this very command. */
    private Credentials systemAccount(Envelope work, GovernanceCommand command) {
        return Json.convert(Json.read(sealer.unseal(command.sealedCredentials(),
                SealingContext.commandCredentials(work.integrationId(), work.operationId(), command.spec()))), Credentials.class);
    }

    private static RedshiftConfig target(GovernanceCommand command, Credentials login) {
        return command.spec().signInAs(login.username());
    }

    /**
     * Records the step under the work item's message id (one operation, such as a check that puts several views
     * back, may send several governance work items with the same step name) and waits until the broker has it.
     */
    private void announce(Envelope work, StepCompleted step) {
        EventPublisher.awaitAll(List.of(steps.announce(work, work.messageId(), step)));
    }

    private static String describe(GovernanceChange change) {
        if (change instanceof GovernanceChange.View view) {
            return view.step() + " of view " + view.table().viewDisplayName();
        }
        List<UserProfile> profiles = ((GovernanceChange.Profiles) change).profiles();
        return change.step() + " of " + (profiles == null ? "no user"
                : profiles.stream().map(UserProfile::userName).collect(Collectors.joining(", ")));
    }

    private static Outgoing outcome(Envelope work, GovernanceApplied applied) {
        return Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.GOVERNANCE_APPLIED, "", applied));
    }
}
