package dev.tributary.validation.messaging;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.OperationFinished;
import dev.tributary.contracts.messaging.SystemAccountProvisioned;
import dev.tributary.contracts.messaging.ValidationCompleted;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.support.messaging.EventPublisher;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.persistence.ProcessedMessages;
import dev.tributary.validation.service.RedshiftValidator;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates each command's target and reports the results. When they allow it, an automatic setup goes on to the
 * bootstrap-worker; a manual setup whose scripts were run is enabled at once. Results are published (with ids
 * derived from the command) before the command is marked done, so a crash in between repeats them harmlessly.
 */
@ApplicationScoped
public class CommandConsumer {
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    @Inject
    RedshiftValidator validator;
    @Inject
    EventPublisher publisher;
    @Inject
    ProcessedMessages processed;
    @Inject
    SecretSealer sealer;

    @Incoming("commands")
    @Blocking
    public void onCommand(String value) {
        Envelope command = EnvelopeCodec.decodeChecked(value);
        if (processed.contains(command.messageId())) {
            return;
        }
        IntegrationCommand payload = command.payloadAs(IntegrationCommand.class);
        Credentials credentials = Json.convert(Json.read(sealer.unseal(payload.sealedCredentials())), Credentials.class);
        RedshiftConfig config = payload.spec().redshift();
        boolean automatic = payload.spec().autoBootstrap();
        ValidationResults results = automatic
                ? validator.validateAutomaticSetup(config, credentials)
                : validator.validateManualSetup(config, credentials);
        LOG.infof("integration %s: validation %s", command.integrationId(), results.status());

        List<Outgoing> out = new ArrayList<>();
        out.add(Outgoing.of(Topics.EVENTS, command.reply(MessageTypes.VALIDATION_COMPLETED, "",
                new ValidationCompleted(payload.operation(), results))));
        if (!results.allowsSetup()) {
            out.add(Outgoing.of(Topics.EVENTS, command.reply(MessageTypes.OPERATION_FAILED, "",
                    OperationFinished.failed(payload.operation(), results.failureMessage().orElse("Validation failed.")))));
        } else if (automatic) {
            out.add(Outgoing.of(Topics.BOOTSTRAP, command.reply(MessageTypes.BOOTSTRAP_REQUESTED, "", payload)));
        } else {
            // manual setup: the person who ran the scripts chose the system account and its password
            out.add(Outgoing.of(Topics.EVENTS, command.reply(MessageTypes.SYSTEM_ACCOUNT_PROVISIONED, "",
                    new SystemAccountProvisioned(credentials.username(), sealer.seal(credentials.password())))));
            out.add(Outgoing.of(Topics.EVENTS, command.reply(MessageTypes.OPERATION_SUCCEEDED, "",
                    OperationFinished.succeeded(payload.operation()))));
        }
        publisher.publish(out);
        processed.add(command.messageId());
    }
}
