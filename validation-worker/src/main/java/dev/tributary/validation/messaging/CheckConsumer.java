package dev.tributary.validation.messaging;

import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.Envelope;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.messaging.RevalidationCompleted;
import dev.tributary.contracts.messaging.RevalidationRequest;
import dev.tributary.contracts.messaging.ZeroEtlWatchRequest;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.support.messaging.EventPublisher.Outgoing;
import dev.tributary.support.messaging.IdempotentHandler;
import dev.tributary.support.observability.MessageTracing;
import dev.tributary.validation.messaging.ValidationMetrics.Outcome;
import dev.tributary.validation.service.GovernanceDrift;
import dev.tributary.validation.service.HostBackoff;
import dev.tributary.validation.service.RedshiftValidator;
import dev.tributary.validation.service.ZeroEtlWatch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The checks of integration.checks, apart from user commands (CommandConsumer), so a sweep never queues in front of
 * a user's command: periodic and asked-for re-validations, answered with their results (and repairs of governed views
 * and profiles that drifted), and zero-ETL watch batches, each member answered with what RDS reports.
 *
 * <p>Checks are independent of one another, so they run unordered, up to {@code tributary.checks.parallelism} at
 * once (the worker pool {@code checks}). The throttled commit strategy commits a partition only up to its oldest check
 * not yet done, so a check still running when the instance dies is delivered again; {@link IdempotentHandler} claims
 * each check by its message id, so a check runs once even when two deliveries of it overlap.
 */
@ApplicationScoped
public class CheckConsumer {
    private static final Logger LOG = Logger.getLogger(CheckConsumer.class);
    static final String RUNNING = "tributary.checks.running";

    @Inject
    RedshiftValidator validator;
    @Inject
    HostBackoff backoff;
    @Inject
    ZeroEtlWatch watch;
    @Inject
    GovernanceDrift drift;
    @Inject
    IdempotentHandler handler;
    @Inject
    MessageTracing tracing;
    @Inject
    SealedCredentials credentials;
    @Inject
    ValidationMetrics metrics;
    @Inject
    MeterRegistry registry;

    private final AtomicInteger running = new AtomicInteger();

    @PostConstruct
    void registerGauges() {
        Gauge.builder(RUNNING, running, AtomicInteger::get).description("Checks this instance is running now").register(registry);
        Gauge.builder("tributary.checks.backed-off-hosts", backoff, HostBackoff::backedOffHosts)
                .description("Target hosts whose periodic checks this instance has backed off").register(registry);
    }

    @Incoming("checks")
    @Blocking(value = "checks", ordered = false)
    public void onCheck(ConsumerRecord<String, String> record) {
        Envelope check = EnvelopeCodec.decodeChecked(record.value(), Topics.CHECKS);
        running.incrementAndGet();
        try {
            // the catalogue puts only these two types on integration.checks, and decodeChecked holds to it
            if (check.type().equals(MessageTypes.WATCH_ZERO_ETL)) {
                tracing.handle(record, check, () -> handler.handle(check, null, claim -> watch(check)));
            } else {
                tracing.handle(record, check, () -> handler.handle(check, null, claim -> revalidate(check)));
            }
        } finally {
            running.decrementAndGet();
        }
    }

    private List<Outgoing> revalidate(Envelope check) {
        long started = System.nanoTime();
        RevalidationRequest request = check.payloadAs(RevalidationRequest.class);
        RedshiftConfig target = request.spec().systemAccountTarget();
        ValidationResults setup;
        Credentials account = null;
        boolean tried;
        try (HostBackoff.Attempt attempt = backoff.attempt(HostBackoff.hostOf(target), request.asked())) {
            tried = attempt.notTried().isEmpty();
            if (!tried) {
                setup = validator.notTried(attempt.notTried().get());
            } else {
                account = credentials.open(request.sealedCredentials(),
                        SealingContext.revalidationCredentials(check.integrationId(), check.operationId(), request.spec()));
                RedshiftValidator.SetupCheck checked = validator.checkSetup(target, account);
                if (checked.unreachable()) {
                    attempt.unreachable(checked.results().validationTests().get(0).message()); // the connection test's
                } else {
                    attempt.reached();
                }
                setup = checked.results();
            }
        }
        GovernanceDrift.Report governed = drift.compare(check, request, account, setup.status() != TestStatus.FAILED);
        List<ValidationTest> tests = new ArrayList<>(setup.validationTests());
        tests.addAll(governed.tests());
        ValidationResults results = ValidationResults.of(tests);
        LOG.infof("integration %s: %s check %s", check.integrationId(), request.asked() ? "asked-for" : "periodic",
                tried ? results.status() : "not tried: its host is backed off");
        Outcome outcome = tried ? Outcome.of(results) : Outcome.BACKED_OFF;
        if (tried) {
            metrics.countFailures(results);
        }
        // a version a person vouches for is recorded only when the objects check out
        Integer version = results.failureMessage().isEmpty() ? request.supportObjectsVersion() : null;
        List<Outgoing> out = new ArrayList<>();
        out.add(Outgoing.of(Topics.EVENTS, check.reply(MessageTypes.REVALIDATION_COMPLETED, "",
                new RevalidationCompleted(results, version))));
        out.addAll(governed.outgoing());
        metrics.checked(request.spec().type(), outcome, System.nanoTime() - started);
        return out;
    }

    /** Each member of the batch answered under its own integration and check id, and counted as one check. */
    private List<Outgoing> watch(Envelope check) {
        long started = System.nanoTime();
        ZeroEtlWatchRequest request = check.payloadAs(ZeroEtlWatchRequest.class).requireWhole();
        List<Outgoing> out = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (ZeroEtlWatch.Answer answer : watch.describe(request)) {
            ValidationResults results = answer.completed().validationResults();
            metrics.countFailures(results);
            outcomes.add(Outcome.of(results));
            out.add(Outgoing.of(Topics.EVENTS, check.replyFor(answer.member().integrationId(), answer.member().checkId(),
                    MessageTypes.REVALIDATION_COMPLETED, answer.completed())));
        }
        // the members were described together: each takes the batch's time
        long nanos = System.nanoTime() - started;
        outcomes.forEach(outcome -> metrics.checked(IntegrationType.ZERO_ETL, outcome, nanos));
        LOG.infof("zero-ETL watch in %s: %d integrations described, %d failed", request.region(), out.size(),
                outcomes.stream().filter(outcome -> outcome == Outcome.FAILED).count());
        return out;
    }
}
