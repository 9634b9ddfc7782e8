package dev.tributary.validation.service;

import dev.tributary.support.rds.AwsFaults;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.TargetPolicy;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.RedshiftException;
import software.amazon.awssdk.services.redshift.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshift.model.ResourcePolicy;

import java.util.List;

/**
 * The preflight test that the target's Redshift resource policy (GetResourcePolicy on its namespace ARN) authorises
 * the source as an integration source and its account as the creator, without which CreateIntegration is refused.
 * With {@code config.authorizeTarget} the bootstrap-worker writes what is missing, so that is no failure here.
 */
final class TargetAuthorization {
    static final String TEST = "Validate Zero-ETL: Target Authorises The Source";

    private TargetAuthorization() {
    }

    static ValidationTest check(RedshiftClient redshift, ZeroEtlConfig config) {
        String policy;
        try {
            ResourcePolicy found = redshift.getResourcePolicy(request -> request.resourceArn(config.targetArn())).resourcePolicy();
            policy = found == null ? null : found.policy();
        } catch (ResourceNotFoundException e) {
            policy = null; // the namespace has no policy yet: every statement is missing
        } catch (RedshiftException e) {
            AwsFaults.rethrowIfPassing(e);
            return ValidationTest.failed(TEST, AwsFaults.describe(e) + " (reading the resource policy of " + config.targetArn() + ")");
        }
        return verdict(config, policy);
    }

    /** The verdict on the target's {@code policy} (a policy document, or null when it has none). */
    static ValidationTest verdict(ZeroEtlConfig config, String policy) {
        List<ObjectNode> missing;
        try {
            missing = new TargetPolicy(config.targetArn(), config.sourceArn()).missingFrom(policy);
        } catch (TargetPolicy.UnreadablePolicyException e) {
            return ValidationTest.failed(TEST, config.targetArn() + ": " + e.getMessage());
        }
        if (missing.isEmpty()) {
            return ValidationTest.passed(TEST, List.of(config.targetArn()));
        }
        if (config.authorizeTarget()) {
            return ValidationTest.skipped(TEST, "The resource policy of " + config.targetArn() + " lacks " + missing.size()
                    + " of the statements zero-ETL needs; with config.authorizeTarget they are written before CreateIntegration.");
        }
        return ValidationTest.failed(TEST, "The resource policy of " + config.targetArn() + " does not authorise "
                + config.sourceArn() + " as an integration source and its account to create the integration. Add these"
                + " statements to the policy (aws redshift put-resource-policy --resource-arn " + config.targetArn()
                + ", keeping the statements there): " + TargetPolicy.asDocument(missing)
                + " or set config.authorizeTarget to true and they are added before CreateIntegration.");
    }
}
