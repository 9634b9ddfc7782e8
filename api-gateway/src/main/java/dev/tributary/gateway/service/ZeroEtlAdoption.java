package dev.tributary.gateway.service;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.gateway.persistence.IntegrationRepository;
import dev.tributary.support.rds.RdsClients;
import dev.tributary.support.rds.AwsFaults;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import jakarta.inject.Inject;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.rds.model.Integration;
import software.amazon.awssdk.services.rds.model.RdsException;
import software.amazon.awssdk.services.rds.model.Tag;

import java.util.List;
import java.util.Optional;

/**
 * The adoption of a zero-ETL integration that exists in RDS already ({@code POST /integrations} with
 * {@code config.integrationArn}): it is described in RDS (DescribeIntegrations), refused when another live record
 * manages it or when the request names fields RDS has otherwise, and comes back as the spec to register, with RDS's
 * fields. Nothing in RDS changes here; the bootstrap-worker tags the integration as this system's once it is
 * registered, and from then on it is edited and deleted like one created here.
 */
@ApplicationScoped
public class ZeroEtlAdoption {
    private static final Logger LOG = Logger.getLogger(ZeroEtlAdoption.class);
    @Inject
    RdsClients rds;
    @Inject
    IntegrationRepository integrations;

    /**
     * {@code spec} with the RDS fields of the integration its {@code config.integrationArn} names. 400 when RDS knows
     * no such integration in the config's region or the request disagrees with RDS; 409 when a live record manages
     * it; 503 when RDS throttles or is unavailable.
     */
    public IntegrationSpec adopt(IntegrationSpec spec) {
        ZeroEtlConfig requested = spec.zeroEtl();
        String arn = requested.integrationArn();
        Integration found = describe(requested);
        Optional<String> ownerTag = found.tags().stream().filter(tag -> ZeroEtlConfig.OWNER_TAG.equals(tag.key())).map(Tag::value).findFirst();
        refuseManaged(arn, ownerTag);
        ZeroEtlConfig adopted = requested.withProviderFields(found.integrationName(), found.sourceArn(), found.targetArn(),
                found.kmsKeyId(), found.additionalEncryptionContext(), found.dataFilter(), found.description(),
                found.tags().stream().filter(tag -> !ZeroEtlConfig.OWNER_TAG.equals(tag.key()))
                        .map(tag -> new ZeroEtlConfig.Tag(tag.key(), tag.value())).toList());
        List<FieldError> disagreements = requested.disagreementsWith(adopted).stream().map(field -> new FieldError(field,
                "matches", "is " + shown(ZeroEtlConfig.READ_FROM_RDS.get(field).apply(requested)) + " but RDS has "
                        + shown(ZeroEtlConfig.READ_FROM_RDS.get(field).apply(adopted)) + " for " + arn + "; leave it out or make it agree")).toList();
        if (!disagreements.isEmpty()) {
            throw new InvalidRequestException(disagreements);
        }
        return new IntegrationSpec(spec.type(), spec.autoBootstrap(), adopted);
    }

    private Integration describe(ZeroEtlConfig requested) {
        String arn = requested.integrationArn();
        try {
            return rds.forRegion(requested.region()).describeIntegrations(request -> request.integrationIdentifier(arn))
                    .integrations().stream().findFirst().orElseThrow(() -> notFound(requested, "it lists none"));
        } catch (software.amazon.awssdk.services.rds.model.IntegrationNotFoundException e) {
            throw notFound(requested, e.awsErrorDetails().errorMessage());
        } catch (RdsException e) {
            boolean transientFailure = AwsFaults.passing(e);
            throw new ProviderCallException("RDS " + (transientFailure ? "is throttling or unavailable" : "refused")
                    + " DescribeIntegrations for " + arn + " (" + e.awsErrorDetails().errorCode() + ": "
                    + e.awsErrorDetails().errorMessage() + ")" + (transientFailure ? "; retry shortly." : "."), transientFailure, e);
        } catch (SdkClientException e) {
            // the client's own text names endpoints and credential sources: for the log, not for the caller
            LOG.warnf("describing %s in RDS failed on this side: %s", arn, e.getMessage());
            throw new ProviderCallException("RDS cannot be reached in " + requested.region() + " to describe " + arn
                    + "; retry shortly.", true, e);
        }
    }

    private static InvalidRequestException notFound(ZeroEtlConfig requested, String rdsSays) {
        return new InvalidRequestException(new FieldError("config.integrationArn", "not-found", "names no zero-ETL"
                + " integration RDS knows in " + requested.region() + " (" + rdsSays + "); check the ARN and config.region"));
    }

    /**
     * 409 when a live record manages the integration: it has the ARN, or the integration's owner tag names it (a
     * create in flight tags its RDS integration before its record learns the ARN).
     */
    private void refuseManaged(String arn, Optional<String> ownerTag) {
        Optional<Long> holder = integrations.liveIdForProvider(arn).stream().boxed().findFirst()
                .or(() -> ownerTag.flatMap(ZeroEtlAdoption::registryId).filter(id -> integrations.findLive(id).isPresent()));
        holder.ifPresent(id -> {
            throw new IntegrationConflictException("The RDS integration " + arn + " is already managed by integration with ID "
                    + id + "; edit or delete that one instead.");
        });
    }

    private static Optional<Long> registryId(String tagValue) {
        try {
            return Optional.of(Long.parseLong(tagValue));
        } catch (NumberFormatException e) {
            return Optional.empty(); // not a registry id of this system: no record of ours manages it by it
        }
    }

    private static String shown(Object value) {
        return value == null ? "none" : Json.write(value);
    }
}
