package dev.tributary.validation.service;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.governance.GovernedViews;
import dev.tributary.contracts.governance.UserProfile;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.GovernanceApplied;
import dev.tributary.contracts.messaging.GovernanceCommand;
import dev.tributary.contracts.messaging.MalformedMessageException;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.redshift.RedshiftTargets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * Decides what becomes of one {@code ApplyGovernance} command before anything changes in the target. A new or
 * changed view is only worth building when the system account can read its table, so that is checked first and a
 * failure names the table and the missing grant; the check also gives the view its columns, in order. Then an
 * automatic integration's change goes on to the bootstrap-worker, and a manual one's waits for its script.
 */
@ApplicationScoped
public class GovernanceChecks {
    private static final Logger LOG = Logger.getLogger(GovernanceChecks.class);

    @Inject
    RedshiftTargets targets;
    @Inject
    SecretSealer sealer;

    /** What the command leads to: a failure, a pending script, or the work item for the bootstrap-worker. */
    public List<Outgoing> check(Envelope command, GovernanceCommand payload) {
        if (payload.spec().type() != IntegrationType.REDSHIFT) {
            throw new MalformedMessageException("governance changes apply to Redshift integrations only, not "
                    + payload.spec().type());
        }
        GovernanceChange change = payload.change();
        if (change instanceof GovernanceChange.View view && !view.drop()) {
            Described described = describe(command, payload, view);
            if (described.failure() != null) {
                LOG.warnf("integration %s: %s of data source %d refused: %s", command.integrationId(), view.step(),
                        view.dataSourceId(), described.failure());
                return List.of(applied(command, change, GovernanceApplied.FAILED, described.failure(), List.of()));
            }
            change = described.view();
        }
        if (payload.spec().autoBootstrap()) {
            return List.of(Outgoing.of(Topics.BOOTSTRAP, command.reply(MessageTypes.GOVERNANCE_REQUESTED, "",
                    payload.withChange(change))));
        }
        List<String> columns = change instanceof GovernanceChange.View view ? view.table().columns() : List.of();
        return List.of(applied(command, change, GovernanceApplied.SCRIPT_PENDING, scriptPending(command.integrationId()), columns));
    }

    /** The end of a change that missed its deadline here: nothing was checked, and nothing changed in the target. */
    public List<Outgoing> tooLate(Envelope command, GovernanceCommand payload, Instant deadline) {
        return List.of(applied(command, payload.change(), GovernanceApplied.FAILED, "not checked before its deadline ("
                + deadline + "); nothing was changed in the target, and the next check puts it in step", List.of()));
    }

    /** What a manual integration's person is asked to do; the next check registers it once it is done. */
    public static String scriptPending(String integrationId) {
        return "run the script of POST /integrations/" + integrationId + "/scripts/policies, then POST /integrations/"
                + integrationId + "/validate";
    }

    /** A {@code GovernanceApplied} about {@code change}, as a reply to {@code command}. */
    public static Outgoing applied(Envelope command, GovernanceChange change, String outcome, String message,
                                   List<String> columns) {
        return Outgoing.of(Topics.EVENTS, command.reply(MessageTypes.GOVERNANCE_APPLIED, change.lane(),
                GovernanceApplied.of(change, outcome, message, columns)));
    }

    private record Described(GovernanceChange.View view, String failure) {
    }

    /** The view with its table's current columns, read as the system account in the managed database. */
    private Described describe(Envelope command, GovernanceCommand payload, GovernanceChange.View view) {
        Credentials credentials = payload.sealedCredentials() == null ? null
                : Json.convert(Json.read(sealer.unseal(payload.sealedCredentials(),
                SealingContext.commandCredentials(command.integrationId(), command.operationId(), payload.spec()))), Credentials.class);
        if (credentials == null) {
            throw new MalformedMessageException("a governance change needs the system account's credentials");
        }
        RedshiftConfig config = payload.spec().signInAs(credentials.username());
        Connection connection;
        try {
            connection = targets.open(config, credentials, config.database());
        } catch (SQLException e) {
            return new Described(view, TableDescriptions.unreachable(view.table(), config, e));
        }
        try (connection) {
            GovernedViews views = new GovernedViews(SqlDialect.of(connection));
            try {
                return new Described(view.withTable(view.table().withColumns(views.readColumns(connection, view.table()))), null);
            } catch (SQLException e) {
                return new Described(view, TableDescriptions.readFailure(view.table(), config, credentials.username(), views, e));
            }
        } catch (SQLException e) {
            return new Described(view, TableDescriptions.unreachable(view.table(), config, e));
        }
    }
}
