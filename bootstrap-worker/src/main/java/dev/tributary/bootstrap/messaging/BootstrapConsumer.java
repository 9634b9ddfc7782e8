package dev.tributary.bootstrap.messaging;

import dev.tributary.bootstrap.persistence.SetupProgress;
import dev.tributary.bootstrap.service.ManagedDatabaseBootstrap;
import dev.tributary.bootstrap.service.ManagedDatabaseBootstrap.SetupFailedException;
import dev.tributary.bootstrap.service.SystemPasswords;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.support.messaging.EventPublisher;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.persistence.ProcessedMessages;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Carries out automatic setups. Each finished step is recorded and announced; the operation ends with the system
 * account (its password sealed) and success, or with a failure that names the step and the reason.
 */
@ApplicationScoped
public class BootstrapConsumer {
    private static final Logger LOG = Logger.getLogger(BootstrapConsumer.class);

    @Inject
    ManagedDatabaseBootstrap bootstrap;
    @Inject
    SetupProgress progress;
    @Inject
    ProcessedMessages processed;
    @Inject
    EventPublisher publisher;
    @Inject
    SecretSealer sealer;

    @Incoming("work")
    @Blocking
    public void onWork(String value) {
        Envelope work = EnvelopeCodec.decodeChecked(value);
        if (processed.contains(work.messageId())) {
            return;
        }
        IntegrationCommand command = work.payloadAs(IntegrationCommand.class);
        RedshiftConfig config = command.spec().redshift();
        Credentials setupCredentials = Json.convert(Json.read(sealer.unseal(command.sealedCredentials())), Credentials.class);
        String sealedSystemPassword = progress.sealedSystemPassword(work.operationId(), work.integrationId(),
                () -> sealer.seal(SystemPasswords.generate()));
        try {
            bootstrap.run(command.operation(), config, setupCredentials, sealer.unseal(sealedSystemPassword),
                    progress.finishedSteps(work.operationId(), command.operation()),
                    step -> {
                        progress.recordStep(work.operationId(), step);
                        publisher.publish(List.of(Outgoing.of(Topics.EVENTS,
                                work.reply(MessageTypes.STEP_COMPLETED, step.step(), step))));
                    });
            publisher.publish(List.of(
                    Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, "",
                            new SystemAccountProvisioned(config.systemAccount(), sealedSystemPassword))),
                    Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.OPERATION_SUCCEEDED, "",
                            OperationFinished.succeeded(command.operation())))));
            LOG.infof("integration %s: setup finished", work.integrationId());
        } catch (SetupFailedException e) {
            LOG.warnf("integration %s: %s", work.integrationId(), e.getMessage());
            publisher.publish(List.of(Outgoing.of(Topics.EVENTS, work.reply(MessageTypes.OPERATION_FAILED, "",
                    OperationFinished.failed(command.operation(), e.getMessage())))));
        }
        processed.add(work.messageId());
    }
}
