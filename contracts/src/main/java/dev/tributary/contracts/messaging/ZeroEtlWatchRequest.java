package dev.tributary.contracts.messaging;

import java.util.List;
import java.util.UUID;

/**
 * Describe these enabled zero-ETL integrations of one region in RDS and report on each
 * ({@link MessageTypes#WATCH_ZERO_ETL}). The periodic checks send one request per region and batch (at most
 * {@link #MAX_BATCH}: one DescribeIntegrations page); {@code POST /integrations/{id}/validate} sends a batch of one.
 * The envelope's integration id is the first member's (its record key); each member's answer is a
 * {@link RevalidationCompleted} under its own integration id and check id.
 */
public record ZeroEtlWatchRequest(String region, List<Member> integrations) {

    /** The size of one DescribeIntegrations page, which bounds a batch and its message. */
    public static final int MAX_BATCH = 100;

    public ZeroEtlWatchRequest {
        integrations = integrations == null ? List.of() : List.copyOf(integrations);
    }

    /**
     * This request, if every part is there: a region, one to {@link #MAX_BATCH} members, each with its ids and ARN.
     * A batch without them could only be answered wrongly (a member without an ARN would read as deleted), so it is
     * refused as malformed and dead-lettered.
     */
    public ZeroEtlWatchRequest requireWhole() {
        if (region == null || region.isBlank()) {
            throw new MalformedMessageException("a zero-ETL watch names no region");
        }
        if (integrations.isEmpty() || integrations.size() > MAX_BATCH) {
            throw new MalformedMessageException("a zero-ETL watch has " + integrations.size() + " members; it takes 1 to " + MAX_BATCH);
        }
        for (Member member : integrations) {
            if (member == null || member.integrationId() == null || member.checkId() == null
                    || member.integrationArn() == null || member.integrationArn().isBlank()) {
                throw new MalformedMessageException("a zero-ETL watch member lacks its integration id, check id or ARN: " + member);
            }
        }
        return this;
    }

    /** An integration to describe: the registry's id, the check's id its answer carries, and its IntegrationArn. */
    public record Member(String integrationId, UUID checkId, String integrationArn) {
    }
}
