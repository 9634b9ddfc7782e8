package dev.tributary.bootstrap.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import dev.tributary.support.observability.MessageTracing;
import dev.tributary.bootstrap.persistence.SetupProgress;
import dev.tributary.bootstrap.service.ManagedDatabaseBootstrap;
import dev.tributary.bootstrap.service.ManagedDatabaseBootstrap.SetupFailedException;
import dev.tributary.bootstrap.service.SystemPasswords;
import dev.tributary.bootstrap.service.ZeroEtlProvisioner;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.ProviderStatusChanged;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.messaging.WorkRefused;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SupportObjectsMigrations;
import dev.tributary.contracts.sql.SystemAccount;
import dev.tributary.support.claims.DeadlinePassedException;
import dev.tributary.support.claims.WorkClaim;
import dev.tributary.support.messaging.EventPublisher;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.messaging.IdempotentHandler;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Carries out automatic operations in the target: setup, edit (rolled back when a step fails) and removal, and the
 * zero-ETL operations ({@link ZeroEtlProvisioner}: create, edit, delete, refresh) through AWS. Each finished step is recorded and announced; the operation ends with success, or with a failure that names the step
 * and the reason. Governance changes ({@code GovernanceRequested}) share the topic and go to {@link GovernanceConsumer}.
 */
@ApplicationScoped
public class BootstrapConsumer {
    private static final Logger LOG = Logger.getLogger(BootstrapConsumer.class);
    static final String WORKERS = "setup-work";

    @Inject
    ManagedDatabaseBootstrap bootstrap;
    @Inject
    ZeroEtlProvisioner zeroEtl;
    @Inject
    SetupProgress progress;
    @Inject
    IdempotentHandler handler;
    @Inject
    EventPublisher publisher;
    @Inject
    MessageTracing tracing;
    @Inject
    SecretSealer sealer;
    @Inject
    StepAnnouncements steps;
    @Inject
    GovernanceConsumer governance;

    /**
     * Not ordered: a zero-ETL operation follows RDS for many minutes, and must not hold up other integrations' work.
     * The gateway runs at most one operation per integration, so no two work items of one integration overlap; two
     * deliveries of one work item are kept apart by the handler's claim. At most
     * {@code tributary.bootstrap.max-concurrent-work} items run at once (the {@value #WORKERS} pool), each holding
     * a database connection for its claim and connections to its target.
     */
    @Incoming("work")
    @Blocking(value = WORKERS, ordered = false)
    public void onWork(ConsumerRecord<String, String> record) {
        Envelope work = EnvelopeCodec.decodeChecked(record.value(), Topics.BOOTSTRAP);
        if (MessageTypes.GOVERNANCE_REQUESTED.equals(work.type())) {
            governance.onWork(record, work);
            return;
        }
        IntegrationCommand command = work.payloadAs(IntegrationCommand.class);
        tracing.handle(record, work, () -> {
            try {
                handler.handle(work, command.deadline(), claim -> carryOut(work, command, claim));
            } finally {
                // the outcome is on the broker (or the work item is given up): the generated password is not kept
                progress.forgetOperation(work.operationId());
            }
        });
    }

    /**
     * Each step's event is sent as the step ends, without waiting for the broker each time (one integration's records
     * keep their order on its partition); the outcome is returned only once the broker has them all.
     */
    private List<Outgoing> carryOut(Envelope work, IntegrationCommand command, WorkClaim claim) {
        List<CompletableFuture<Void>> announced = new ArrayList<>();
        List<Outgoing> outcome = carryOut(work, command, claim, step -> announced.add(steps.announce(work, work.operationId(), step)));
        EventPublisher.awaitAll(announced);
        return outcome;
    }

    private List<Outgoing> carryOut(Envelope work, IntegrationCommand command, WorkClaim claim, Consumer<StepCompleted> announce) {
        Operation operation = command.operation();
        if (command.spec().type() == IntegrationType.ZERO_ETL) {
            try {
                claim.checkBeforeStep();
            } catch (DeadlinePassedException e) {
                return refused(work, operation, notStarted(e));
            }
            return carryOutZeroEtl(work, command, claim.lastStepStart(), announce);
        }
        RedshiftConfig config = command.spec().redshift();
        Credentials privileged = Json.convert(Json.read(sealer.unseal(command.sealedCredentials(),
                SealingContext.commandCredentials(work.integrationId(), work.operationId(), command.spec()))), Credentials.class);
        // read under the claim: a delivery that waited for another instance sees every step that one finished
        Map<String, StepCompleted> finished = progress.finishedSteps(work.operationId(), operation);
        try {
            claim.checkBeforeStep();
        } catch (DeadlinePassedException e) {
            // an earlier attempt (a worker that died mid-way) may have made part of it: that is undone too
            return refused(work, operation, finished.isEmpty() ? notStarted(e) : "Stopped: the operation's deadline ("
                    + e.deadline() + ") passed before an earlier attempt finished. " + undoLate(command, privileged));
        }
        try {
            return switch (operation) {
                case CREATE -> {
                    String sealedPassword = progress.sealedSystemPassword(work.operationId(), work.integrationId(),
                            () -> sealer.seal(SystemPasswords.generate(), SealingContext.systemAccountPassword(work.integrationId(), command.spec())));
                    SystemAccount account = new SystemAccount(config.systemAccount(), sealer.unseal(sealedPassword,
                            SealingContext.systemAccountPassword(work.integrationId(), command.spec())));
                    bootstrap.run(operation, config, command.databaseMode(), privileged, setup -> setup.createSteps(account), finished, announce,
                            claim::checkBeforeStep);
                    claim.checkBeforeStep(); // a success announced after the deadline would leave a database behind
                    yield List.of(
                            Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, "",
                                    new SystemAccountProvisioned(account.name(), sealedPassword))),
                            succeeded(work, operation));
                }
                case EDIT -> {
                    RedshiftConfig previous = command.previousSpec().redshift();
                    bootstrap.run(operation, config, command.databaseMode(), privileged, setup -> setup.editSteps(previous, config.systemAccount(), null), finished, announce,
                            claim::checkBeforeStep);
                    claim.checkBeforeStep();
                    yield List.of(succeeded(work, operation));
                }
                case DELETE -> {
                    bootstrap.run(operation, config, command.databaseMode(), privileged,
                            setup -> setup.deleteSteps(config.systemAccount(), command.governedTables()), finished,
                            announce, claim::checkBeforeStep);
                    yield List.of(succeeded(work, operation));
                }
                case MIGRATE -> migrate(work, command, privileged, claim, announce);
                case DISABLE -> throw new MalformedMessageException("a forced disable has no work item: the gateway ends it at once");
                case GOVERN -> throw new MalformedMessageException("a governance change travels as " + MessageTypes.GOVERNANCE_REQUESTED);
                case REFRESH -> throw new MalformedMessageException("only zero-ETL integrations are refreshed");
            };
        } catch (MigrationFailedException e) {
            LOG.warnf("integration %s: %s", work.integrationId(), e.getMessage());
            return List.of(Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.OPERATION_FAILED, "",
                    OperationFinished.failed(operation, e.getMessage()).withSupportObjectsVersion(e.inPlace))));
        } catch (SetupFailedException e) {
            String message = operation == Operation.EDIT ? e.getMessage() + ". " + rollBack(command, privileged) : e.getMessage();
            LOG.warnf("integration %s: %s", work.integrationId(), message);
            return List.of(Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.OPERATION_FAILED, "",
                    OperationFinished.failed(operation, message))));
        } catch (DeadlinePassedException e) {
            return refused(work, operation, "Stopped: the operation's deadline (" + e.deadline() + ") passed while it ran. "
                    + undoLate(command, privileged));
        }
    }

    /**
     * What a stopped operation leaves: the gateway fails it at its deadline, so a create must leave nothing in the
     * target and an edit must leave the previous config; a delete stops where it is (deleting again finishes it).
     */
    private String undoLate(IntegrationCommand command, Credentials privileged) {
        RedshiftConfig config = command.spec().redshift();
        return switch (command.operation()) {
            case CREATE -> {
                try {
                    bootstrap.run(Operation.DELETE, config, command.databaseMode(), privileged,
                            setup -> setup.deleteSteps(config.systemAccount(), command.governedTables()),
                            Map.of(), step -> { }, () -> { });
                    yield "What it had made in the target was removed.";
                } catch (SetupFailedException removal) {
                    yield "Removing what it had made failed: " + removal.getMessage();
                }
            }
            case EDIT -> rollBack(command, privileged);
            case DELETE -> "Part of the integration may be removed already; delete it again to finish.";
            case MIGRATE -> "The migration's transaction was rolled back: the support objects stay at version "
                    + command.supportObjectsVersion() + ".";
            case DISABLE, GOVERN, REFRESH -> "";
        };
    }

    /** A migration's transaction was rolled back; {@code inPlace} is the version the target still has. */
    private static final class MigrationFailedException extends RuntimeException {
        final int inPlace;

        MigrationFailedException(String message, int inPlace, Throwable cause) {
            super(message, cause);
            this.inPlace = inPlace;
        }
    }

    /**
     * Brings the support objects from the command's version to this worker's, in one transaction of the managed
     * database, so a failure leaves the version before whole. The steps are announced once committed.
     */
    private List<Outgoing> migrate(Envelope work, IntegrationCommand command, Credentials login, WorkClaim claim,
                                   Consumer<StepCompleted> announce) {
        RedshiftConfig config = command.spec().signInAs(login.username());
        int from = command.supportObjectsVersion() == null ? SupportObjectsMigrations.FIRST_VERSION : command.supportObjectsVersion();
        int to = ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION;
        List<StepCompleted> done;
        try {
            done = bootstrap.runInOneTransaction(Operation.MIGRATE, config, login,
                    setup -> SupportObjectsMigrations.steps(config, setup.dialect(), from, config.systemAccount()),
                    claim::checkBeforeStep);
        } catch (SetupFailedException e) {
            throw new MigrationFailedException("Migrating the support objects from version " + from + " to " + to
                    + " failed: " + e.getMessage() + ". The change was rolled back: the support objects stay at version "
                    + from + ". Run POST /integrations/" + work.integrationId() + "/migrate again, with the privileged"
                    + " credentials that own them.", from, e);
        }
        done.forEach(announce);
        return List.of(Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.OPERATION_SUCCEEDED, "",
                OperationFinished.succeeded(Operation.MIGRATE).withSupportObjectsVersion(to))));
    }

    private static String notStarted(DeadlinePassedException late) {
        return "Not started: the operation's deadline (" + late.deadline() + ") passed before the bootstrap-worker took"
                + " it up. Nothing was changed in the target.";
    }

    private static List<Outgoing> refused(Envelope work, Operation operation, String reason) {
        LOG.warnf("integration %s: %s %s", work.integrationId(), operation.wireName(), reason);
        return List.of(Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.WORK_REFUSED, "", new WorkRefused(operation, reason))));
    }

    /** {@code stopBy}: when the provisioner's waits and retries must end (the claim's last step start). */
    private List<Outgoing> carryOutZeroEtl(Envelope work, IntegrationCommand command, Instant stopBy,
                                           Consumer<StepCompleted> announce) {
        Credentials login = command.sealedCredentials() == null ? null
                : Json.convert(Json.read(sealer.unseal(command.sealedCredentials(),
                SealingContext.commandCredentials(work.integrationId(), work.operationId(), command.spec()))), Credentials.class);
        int[] changes = {0};
        OperationFinished end = zeroEtl.run(work.integrationId(), command.operation(), command.spec().zeroEtl(), command.providerArn(), login,
                stopBy, progress.finishedSteps(work.operationId(), command.operation()), new ZeroEtlProvisioner.Progress() {
                    @Override
                    public void step(StepCompleted step) {
                        announce.accept(step);
                    }

                    @Override
                    public void providerStatus(ProviderStatusChanged change) {
                        publisher.publish(List.of(Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.PROVIDER_STATUS_CHANGED,
                                change.providerStatus() + "#" + changes[0]++, change))));
                    }
                });
        LOG.infof("integration %s: zero-ETL %s ended %s", work.integrationId(), command.operation().wireName(), end.status());
        // a refresh ends in the status it started in either way, so only the message tells its failure apart
        boolean succeeded = end.status() == command.operation().succeeded() && end.message() == null;
        return List.of(Outgoing.of(Topics.EVENTS, work.reply(succeeded ? MessageTypes.OPERATION_SUCCEEDED
                : MessageTypes.OPERATION_FAILED, "", end)));
    }

    /** Undoes a failed edit's finished steps by editing back to the previous config; says how that went. */
    private String rollBack(IntegrationCommand command, Credentials privileged) {
        RedshiftConfig previous = command.previousSpec().redshift();
        try {
            bootstrap.run(Operation.EDIT, command.spec().redshift(), command.databaseMode(), privileged, setup -> setup.rollbackSteps(previous),
                    Map.of(), step -> { }, () -> { });
            return "The change was rolled back.";
        } catch (SetupFailedException rollback) {
            return "Rolling the change back failed too: " + rollback.getMessage();
        }
    }

    private static Outgoing succeeded(Envelope work, Operation operation) {
        return Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.OPERATION_SUCCEEDED, "", OperationFinished.succeeded(operation)));
    }
}
