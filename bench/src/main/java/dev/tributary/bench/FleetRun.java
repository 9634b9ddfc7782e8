package dev.tributary.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The fleet figures: {@code revalidation_sweep_fleet} (the fleet, how long its creation and a sweep took, the
 * check backlog's peak), {@code revalidation_vs_direct_checks} (checks per second in a sweep over the same checks in
 * a plain JDBC loop with the validation-worker's parallelism) and {@code create_p99_during_sweep_vs_idle}.
 */
final class FleetRun {
    /** The validation-worker's default {@code tributary.checks.parallelism}. */
    private static final int CHECK_PARALLELISM = 8;
    /** Creates sent at once while the fleet is made: enough to keep every service busy on 2 cores. */
    private static final int CREATES_IN_FLIGHT = 32;
    /** Hosts of the creates timed around the sweep, apart from the other parts' (Provisioning.host numbers them). */
    private static final int FIRST_HOST = 5_000;

    private final int gatewayPort;
    private final int statusPort;
    private final String key;
    private final int redshiftPort;
    private final Path state;
    private final boolean quick;

    FleetRun(int gatewayPort, int statusPort, String key, int redshiftPort, Path state, boolean quick) {
        this.gatewayPort = gatewayPort;
        this.statusPort = statusPort;
        this.key = key;
        this.redshiftPort = redshiftPort;
        this.state = state;
        this.quick = quick;
    }

    void measure(ObjectNode results) throws Exception {
        // TRIBUTARY_BENCH_FLEET: another size, to try the part out (the figures are for 2,000 and 10,000)
        int size = Integer.parseInt(System.getenv().getOrDefault("TRIBUTARY_BENCH_FLEET", quick ? "2000" : "10000"));
        int validationPort = Integer.parseInt(System.getenv().getOrDefault("TRIBUTARY_VALIDATION_PORT", "8081"));
        String gatewayDatabase = System.getenv().getOrDefault("TRIBUTARY_DB_PREFIX", "tributary_") + "api_gateway";
        Duration sweepTimeout = Duration.ofMinutes(quick ? 5 : 20);
        ObjectNode fleet = results.putObject("revalidation_sweep_fleet");
        awaitKeyKnown();
        try (Fleet members = new Fleet(gatewayPort, validationPort, key, redshiftPort, RedshiftStandIn.DEFAULT_PASSWORD, state,
                gatewayDatabase)) {
            try (StatusStream status = new StatusStream(statusPort, key)) {
                double seconds = members.create(size, CREATES_IN_FLIGHT, status);
                fleet.put("integrations", size).put("created_in_s", round(seconds)).put("creates_in_flight", CREATES_IN_FLIGHT)
                        .put("creates_per_s", round(size / seconds));
                System.out.printf("fleet: %d integrations enabled in %.0f s%n", size, seconds);
            }
            List<Fleet.Member> targets = members.members();
            Fleet.directChecks(targets.subList(0, Math.min(200, targets.size())), CHECK_PARALLELISM); // the JIT's warm-up
            ObjectNode direct = Fleet.directChecks(targets, CHECK_PARALLELISM);
            fleet.set("direct_checks", direct);
            ObjectNode sweep;
            try {
                sweep = members.sweep(sweepTimeout);
            } catch (IllegalStateException e) { // a gateway without the scheduled checks
                fleet.put("sweep_error", e.getMessage());
                System.err.println("fleet: no sweep: " + e.getMessage());
                return;
            }
            fleet.set("sweep", sweep);
            fleet.put("sweep_s", sweep.path("sweep_s").asDouble()).put("check_backlog_peak", sweep.path("check_backlog_peak").asLong());
            results.put("revalidation_vs_direct_checks",
                    ratio(sweep.path("checks_per_s").asDouble(), direct.path("checks_per_s").asDouble()));
            createsDuringSweep(members, sweepTimeout, results, fleet);
        }
    }

    /**
     * POST to {@code enabled}, one create after another, with no sweep and then for as long as a second sweep runs;
     * the creates are ordinary setups with a managed database of their own, as in the provisioning figures.
     */
    private void createsDuringSweep(Fleet members, Duration sweepTimeout, ObjectNode results, ObjectNode fleet) throws Exception {
        int idleCreates = quick ? 50 : 150;
        try (Provisioning provisioning = new Provisioning(new Provisioning.Target(gatewayPort, key, redshiftPort,
                RedshiftStandIn.DEFAULT_PASSWORD, "bench_sweep_" + Long.toString(System.currentTimeMillis(), 36) + "_"),
                new StatusStream(statusPort, key))) {
            provisioning.throughTributary(10, FIRST_HOST); // warm, as after the provisioning part
            Histogram idle = provisioning.throughTributary(idleCreates, FIRST_HOST + 10);
            CompletableFuture<ObjectNode> sweep = CompletableFuture.supplyAsync(() -> {
                try {
                    return members.sweep(sweepTimeout);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            Histogram during = new Histogram(600_000_000L, 3);
            int host = FIRST_HOST + 10 + idleCreates;
            while (!sweep.isDone()) {
                during.add(provisioning.throughTributary(1, host++));
            }
            Percentiles quiet = Percentiles.of(idle);
            Percentiles busy = Percentiles.of(during);
            results.put("create_p99_during_sweep_vs_idle", ratio(busy.p99(), quiet.p99()));
            ObjectNode detail = results.putObject("create_during_sweep");
            detail.set("during_sweep", busy.json());
            detail.set("idle", quiet.json());
            fleet.set("sweep_with_creates", sweep.join());
        }
    }

    /** The status-service learns the admin key from access.api-keys a moment after the gateway starts. */
    private void awaitKeyKnown() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 120; attempt++) {
            int status = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + statusPort
                    + "/integrations?limit=1")).header("Authorization", key).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the status-service did not accept the admin key within a minute");
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double ratio(double measured, double baseline) {
        return round(measured / baseline);
    }
}
