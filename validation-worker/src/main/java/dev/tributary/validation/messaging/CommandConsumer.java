package dev.tributary.validation.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import dev.tributary.support.observability.MessageTracing;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.GovernanceCommand;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.messaging.WorkRefused;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.support.claims.DeadlinePassedException;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.messaging.IdempotentHandler;
import dev.tributary.validation.service.GovernanceChecks;
import dev.tributary.validation.service.RedshiftValidator;
import dev.tributary.validation.service.ZeroEtlValidator;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates each command's target and reports the results. When they allow it, an automatic operation goes on to
 * the bootstrap-worker; a manual setup or edit whose scripts were run is finished here. Governance changes are checked
 * (the table can be read) before they go on. A zero-ETL refresh goes on to the bootstrap-worker once RDS knows the
 * integration. One command at a time, in order: an integration's commands must not overtake one another. Checks have
 * a consumer of their own (CheckConsumer), so they never queue in front of these.
 */
@ApplicationScoped
public class CommandConsumer {
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    @Inject
    RedshiftValidator validator;
    @Inject
    ZeroEtlValidator zeroEtl;
    @Inject
    GovernanceChecks governance;
    @Inject
    IdempotentHandler handler;
    @Inject
    MessageTracing tracing;
    @Inject
    SecretSealer sealer;
    @Inject
    SealedCredentials sealedCredentials;
    @Inject
    ValidationMetrics metrics;

    @Incoming("commands")
    @Blocking
    public void onCommand(ConsumerRecord<String, String> record) {
        Envelope command = EnvelopeCodec.decodeChecked(record.value(), Topics.COMMANDS);
        if (command.type().equals(MessageTypes.APPLY_GOVERNANCE)) {
            GovernanceCommand change = command.payloadAs(GovernanceCommand.class).requireWhole();
            tracing.handle(record, command, () -> handler.handle(command, change.deadline(), claim -> {
                try {
                    claim.checkBeforeStep();
                    List<Outgoing> outcome = governance.check(command, change);
                    claim.checkBeforeStep();
                    return outcome;
                } catch (DeadlinePassedException e) {
                    LOG.warnf("integration %s: %s not checked: %s", command.integrationId(), change.change().step(), e.getMessage());
                    return governance.tooLate(command, change, e.deadline());
                }
            }));
            return;
        }
        IntegrationCommand payload = command.payloadAs(IntegrationCommand.class);
        tracing.handle(record, command, () -> handler.handle(command, payload.deadline(), claim -> {
            try {
                claim.checkBeforeStep();
                List<Outgoing> outcome = validate(command, payload);
                claim.checkBeforeStep(); // validation can take long: the work item must not reach the bootstrap-worker late
                return outcome;
            } catch (DeadlinePassedException e) {
                LOG.warnf("integration %s: %s not validated: %s", command.integrationId(), payload.operation().wireName(),
                        e.getMessage());
                return List.of(Outgoing.of(Topics.EVENTS, command.reply(MessageTypes.WORK_REFUSED, "",
                        new WorkRefused(payload.operation(), "Not validated: the operation's deadline (" + e.deadline()
                                + ") passed before the validation-worker could finish it. Nothing was changed in the target."))));
            }
        }));
    }

    private List<Outgoing> validate(Envelope command, IntegrationCommand payload) {
        if (payload.spec().type() == IntegrationType.ZERO_ETL) {
            // a refresh, like a create or an edit, goes on to the bootstrap-worker when its test passes
            return outcome(command, payload, zeroEtl.validate(payload), null);
        }
        Credentials credentials = sealedCredentials.open(payload.sealedCredentials(),
                SealingContext.commandCredentials(command.integrationId(), command.operationId(), payload.spec()));
        RedshiftConfig config = payload.spec().signInAs(credentials == null ? null : credentials.username());
        boolean automatic = payload.spec().autoBootstrap();
        // the gateway sends the recorded mode, or the one the names decide; only an automatic create may still lack it
        DatabaseMode mode = payload.databaseMode() != null ? payload.databaseMode()
                : DatabaseMode.fromNames(config, automatic && payload.operation() == Operation.CREATE)
                .orElse(payload.operation() == Operation.CREATE ? null : DatabaseMode.MULTI_DATABASE);
        ValidationResults results = switch (payload.operation()) {
            case CREATE -> {
                if (!automatic) {
                    yield validator.validateManualSetup(config, credentials);
                }
                RedshiftValidator.SetupValidation setup = validator.validateAutomaticSetup(config, credentials, mode);
                mode = setup.mode();
                yield setup.results();
            }
            case EDIT -> automatic ? validator.validateAutomaticEdit(config, payload.previousSpec().redshift(), credentials, mode)
                    : validator.validateManualSetup(config, credentials);
            // a migration changes objects the login must reach; the bootstrap-worker's transaction decides the rest
            case DELETE, MIGRATE -> validator.validateConnection(config, credentials);
            case DISABLE -> throw new MalformedMessageException("a forced disable has no command: the gateway ends it at once");
            case GOVERN -> throw new MalformedMessageException("a governance change travels as " + MessageTypes.APPLY_GOVERNANCE);
            case REFRESH -> throw new MalformedMessageException("only zero-ETL integrations are refreshed");
        };
        return outcome(command, payload.withDatabaseMode(mode), results, credentials);
    }

    /** The results, then: the end of a failed operation, the work item of an automatic one, or a manual one's end. */
    private List<Outgoing> outcome(Envelope command, IntegrationCommand payload, ValidationResults results, Credentials credentials) {
        LOG.infof("integration %s: %s validation %s", command.integrationId(), payload.operation().wireName(), results.status());
        metrics.countFailures(results);
        boolean automatic = payload.spec().autoBootstrap();
        List<Outgoing> out = new ArrayList<>();
        if (payload.operation() != Operation.REFRESH) {
            // a refresh's own test is no check of the integration: the last check's results (and the status they
            // set) stay on show, and a failure reaches the views only as the refresh's end
            out.add(Outgoing.of(Topics.EVENTS, command.reply(MessageTypes.VALIDATION_COMPLETED, "",
                    new ValidationCompleted(payload.operation(), results, payload.databaseMode()))));
        }
        if (!results.allowsSetup()) {
            out.add(Outgoing.of(Topics.EVENTS, command.reply(MessageTypes.OPERATION_FAILED, "",
                    OperationFinished.failed(payload.operation(), results.failureMessage().orElse("Validation failed.")))));
        } else if (automatic) {
            // with the mode decided: the bootstrap-worker sets up what validation checked
            out.add(Outgoing.of(Topics.BOOTSTRAP, command.reply(MessageTypes.BOOTSTRAP_REQUESTED, "", payload)));
        } else {
            // manual setup: the person who ran the scripts chose the system account and its password
            out.add(Outgoing.of(Topics.EVENTS, command.reply(MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, "",
                    new SystemAccountProvisioned(credentials.username(), sealer.seal(credentials.password(),
                            SealingContext.systemAccountPassword(command.integrationId(), payload.spec()))))));
            out.add(Outgoing.of(Topics.EVENTS, command.reply(MessageTypes.OPERATION_SUCCEEDED, "",
                    OperationFinished.succeeded(payload.operation()))));
        }
        return out;
    }

}
