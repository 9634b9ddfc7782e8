package dev.tributary.validation.service;

import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.ZeroEtlWatchRequest;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.ProviderError;
import dev.tributary.contracts.zeroetl.ProviderState;
import dev.tributary.support.rds.RdsClients;
import io.smallrye.faulttolerance.api.RateLimit;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;
import software.amazon.awssdk.services.rds.model.DescribeIntegrationsResponse;
import software.amazon.awssdk.services.rds.model.Integration;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The periodic check of enabled zero-ETL integrations: one batch of one region described with DescribeIntegrations
 * (filtered by the members' ARNs, page by page), each member answered with its one test and what RDS reported.
 * The calls keep to RDS's documented rate for the API, 12 requests per second.
 */
@ApplicationScoped
public class ZeroEtlWatch {
    public static final String HEALTHY = "Validate Zero-ETL: Integration Is Healthy In RDS";
    /** The statuses in which the integration replicates, or is on its way to. */
    static final Set<String> HEALTHY_STATUSES = Set.of("active", "creating", "modifying", "syncing");

    @Inject
    RdsClients clients;

    /** One member's answer. */
    public record Answer(ZeroEtlWatchRequest.Member member, RevalidationCompleted completed) {
    }

    public List<Answer> describe(ZeroEtlWatchRequest request) {
        List<String> arns = request.integrations().stream().map(ZeroEtlWatchRequest.Member::integrationArn)
                .filter(Objects::nonNull).distinct().toList();
        List<Integration> described = new ArrayList<>();
        Set<String> markers = new HashSet<>();
        String marker = null;
        // a batch is at most one page of RDS's; more pages than members, or a marker again, is a provider fault that
        // must not hold the commands partition in a loop
        if (arns.isEmpty()) {
            return answers(request.integrations(), described);
        }
        for (int pages = 0; pages <= arns.size(); pages++) {
            DescribeIntegrationsResponse page = page(request.region(), arns, marker);
            described.addAll(page.integrations());
            marker = page.marker();
            if (marker == null || marker.isBlank()) {
                return answers(request.integrations(), described);
            }
            if (!markers.add(marker)) {
                break;
            }
        }
        throw new IllegalStateException("RDS kept paging DescribeIntegrations for " + arns.size()
                + " integrations (marker " + marker + " again or too many pages); the batch is retried");
    }

    /**
     * One DescribeIntegrations page, within RDS's rate (per instance of this worker: RDS counts the account's calls
     * in a region). ArC intercepts this call from {@link #describe} too; a call over the rate waits and is retried.
     */
    @RateLimit(value = 12, window = 1, windowUnit = ChronoUnit.SECONDS, type = RateLimitType.ROLLING)
    @Retry(retryOn = RateLimitException.class, maxRetries = 100, delay = 100, jitter = 20, maxDuration = 60_000)
    DescribeIntegrationsResponse page(String region, List<String> arns, String marker) {
        return clients.forRegion(region).describeIntegrations(request -> request
                .filters(filter -> filter.name("integration-identifier").values(arns))
                .maxRecords(ZeroEtlWatchRequest.MAX_BATCH)
                .marker(marker));
    }

    /** Each member's answer from what RDS listed; a member it did not list was deleted outside this system. */
    static List<Answer> answers(List<ZeroEtlWatchRequest.Member> members, List<Integration> described) {
        Map<String, Integration> byArn = new HashMap<>();
        described.forEach(integration -> byArn.put(integration.integrationArn(), integration));
        return members.stream().map(member -> new Answer(member, completed(member, byArn.get(member.integrationArn())))).toList();
    }

    private static RevalidationCompleted completed(ZeroEtlWatchRequest.Member member, Integration integration) {
        if (integration == null) {
            ProviderState gone = new ProviderState(member.integrationArn(), "deleted", List.of(), null);
            return new RevalidationCompleted(ValidationResults.of(List.of(ValidationTest.failed(HEALTHY, "RDS no longer"
                    + " lists the integration " + member.integrationArn() + ": it was deleted outside this system. Delete it"
                    + " here too, or create it again."))), null, gone);
        }
        List<ProviderError> errors = integration.errors().stream()
                .map(error -> new ProviderError(error.errorCode(), error.errorMessage())).toList();
        ProviderState state = new ProviderState(integration.integrationArn(), integration.statusAsString(), errors,
                integration.createTime());
        return new RevalidationCompleted(ValidationResults.of(List.of(test(state))), null, state);
    }

    /** The verdict on what RDS reports: healthy, or what the status means and what to do. */
    static ValidationTest test(ProviderState state) {
        if (HEALTHY_STATUSES.contains(state.status())) {
            return ValidationTest.passed(HEALTHY, List.of(state.status()));
        }
        String todo = switch (state.status()) {
            case "needs_attention" -> "Fix what the errors name in the source (its parameters, or the tables it cannot"
                    + " replicate) and wait for RDS to resume it, or refresh the tables in error with"
                    + " POST /integrations/{id}/refresh.";
            case "failed" -> "RDS does not recover a failed integration: delete it and create it again.";
            case "deleting" -> "It is being deleted outside this system: delete it here too, or create it again once it is gone.";
            default -> "This system does not know that status; see the integration in the RDS console.";
        };
        String errors = state.errorsLine().isEmpty() ? "no errors given" : state.errorsLine();
        return ValidationTest.failed(HEALTHY, "RDS reports the integration " + state.status() + ": " + errors + ". " + todo);
    }
}
