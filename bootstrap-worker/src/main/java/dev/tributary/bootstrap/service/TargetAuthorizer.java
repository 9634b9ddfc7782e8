package dev.tributary.bootstrap.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.zeroetl.TargetPolicy;
import dev.tributary.contracts.zeroetl.ZeroEtlTarget;
import dev.tributary.support.persistence.DatabaseException;
import dev.tributary.support.rds.AwsFaults;
import dev.tributary.support.rds.RedshiftApiClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.RedshiftException;
import software.amazon.awssdk.services.redshift.model.ResourceNotFoundException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The {@value ZeroEtlProvisioner#AUTHORIZE_STEP} step: writes the statements the source and its account need
 * ({@link TargetPolicy}) into the target namespace's resource policy through the Redshift API (GetResourcePolicy,
 * then PutResourcePolicy with the missing statements added to those there, which stay as they are). A policy that
 * has them already is left alone, so a repeated create changes nothing. The Redshift API has no conditional write,
 * so the read and the write run under a lock per target in the bootstrap-worker's database: two creates into one
 * target (from two sources, on two instances) each add their statements instead of one overwriting the other's. A
 * change someone makes elsewhere between the read and the write is still lost; the next create's check would show it.
 */
@ApplicationScoped
public class TargetAuthorizer {
    /** The class of this worker's advisory locks on a target's policy (the two-key form, apart from work claims'). */
    private static final int POLICY_LOCKS = 18;

    @Inject
    RedshiftApiClients clients;
    @Inject
    DataSource database;

    public StepCompleted authorize(ZeroEtlConfig config) {
        Instant started = Instant.now();
        String target = config.targetArn();
        // the policy lives with the namespace, in the target's region
        String region = ZeroEtlTarget.parse(target).map(ZeroEtlTarget::region).orElse(config.region());
        RedshiftClient redshift = clients.redshift(region);
        TargetPolicy wanted = new TargetPolicy(target, config.sourceArn());
        try (Connection lock = database.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement statement = lock.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                statement.setInt(1, POLICY_LOCKS);
                statement.setString(2, target);
                statement.execute();
            }
            // released when the connection's transaction ends, with the try block
            String policy = current(redshift, target);
            List<ObjectNode> missing = wanted.missingFrom(policy);
            if (missing.isEmpty()) {
                return new StepCompleted(Operation.CREATE, ZeroEtlProvisioner.AUTHORIZE_STEP, started, Instant.now(),
                        StepCompleted.ALREADY_PRESENT, "the resource policy of " + target + " authorises " + config.sourceArn());
            }
            redshift.putResourcePolicy(request -> request.resourceArn(target).policy(wanted.mergedInto(policy)));
            return new StepCompleted(Operation.CREATE, ZeroEtlProvisioner.AUTHORIZE_STEP, started, Instant.now(), StepCompleted.DONE,
                    "added " + String.join(", ", missing.stream().map(statement -> statement.path("Sid").asText()).toList())
                            + " to the resource policy of " + target);
        } catch (TargetPolicy.UnreadablePolicyException e) {
            throw new OperationFailure(target + ": " + e.getMessage());
        } catch (SQLException e) {
            throw new DatabaseException("locking the resource policy of " + target + " for writing", e);
        } catch (RedshiftException e) {
            AwsFaults.rethrowIfPassing(e); // the Redshift API is busy: retried later, not failed
            throw new OperationFailure("Writing the resource policy of " + target + " failed: " + AwsFaults.describe(e) + ". Check that the namespace exists and that this service's"
                    + " role may call redshift:GetResourcePolicy and redshift:PutResourcePolicy on it; or add these statements"
                    + " to its policy yourself and create the integration with authorizeTarget false: "
                    + TargetPolicy.asDocument(wanted.missingFrom(null)));
        }
    }

    /** The namespace's policy document; null when it has none yet. */
    private static String current(RedshiftClient redshift, String target) {
        try {
            return redshift.getResourcePolicy(request -> request.resourceArn(target)).resourcePolicy().policy();
        } catch (ResourceNotFoundException none) {
            return null;
        }
    }
}
