package dev.tributary.bench;

import com.fasterxml.jackson.databind.JsonNode;

/** The table for people, next to latest.json. */
final class Summary {
    private Summary() {
    }

    static String markdown(JsonNode results) {
        StringBuilder table = new StringBuilder("# Benchmark, " + results.path("run_at").asText() + " ("
                + results.path("mode").asText() + ", " + results.path("machine").asText() + ")\n\n"
                + "| Figure | Value | Goal | Measured | Baseline in the same run |\n|---|---|---|---|---|\n");
        JsonNode provision = results.path("provision");
        row(table, results, "provision_p50_vs_direct_sql", provision.path("post_to_enabled").path("p50_ms") + " ms",
                provision.path("direct_sql_baseline").path("p50_ms") + " ms");
        row(table, results, "provision_p99_vs_direct_sql", provision.path("post_to_enabled").path("p99_ms") + " ms",
                provision.path("direct_sql_baseline").path("p99_ms") + " ms");
        row(table, results, "intake_vs_bare_endpoint", results.path("intake").path("per_second") + " creates/s",
                results.path("intake").path("bare_endpoint").path("per_second") + " req/s");
        row(table, results, "status_read_vs_bare_endpoint", results.path("status_read").path("per_second") + " reads/s",
                results.path("status_read").path("bare_endpoint").path("per_second") + " req/s");
        JsonNode kafka = results.path("kafka");
        row(table, results, "kafka_hop_vs_end_to_end_latency", "mean hop " + kafka.path("mean_hop_ms") + " ms ("
                        + kafka.path("records") + " records, " + kafka.path("setups") + " setups)",
                "p50 " + kafka.path("end_to_end_latency").path("p50_ms") + " ms, mean "
                        + kafka.path("end_to_end_latency").path("mean_ms") + " ms (EndToEndLatency)");
        JsonNode projection = results.path("projection");
        row(table, results, "projection_events_per_s", projection.path("events_per_s") + " events/s ("
                        + projection.path("events") + " events, " + results.path("projection_vs_consumer_tool") + " of the ceiling)",
                projection.path("consumer_tool_events_per_s") + " events/s (kafka-consumer-perf-test)");
        JsonNode fleet = results.path("revalidation_sweep_fleet");
        row(table, results, "revalidation_vs_direct_checks", fleet.path("sweep").path("checks_per_s") + " checks/s in a sweep of "
                        + fleet.path("integrations"), fleet.path("direct_checks").path("checks_per_s") + " checks/s, plain JDBC, "
                        + fleet.path("direct_checks").path("parallelism") + " at a time");
        JsonNode creates = results.path("create_during_sweep");
        row(table, results, "create_p99_during_sweep_vs_idle", creates.path("during_sweep").path("p99_ms") + " ms ("
                + creates.path("during_sweep").path("count") + " creates)", creates.path("idle").path("p99_ms") + " ms with no sweep");
        row(table, results, "system_peak_rss_mib", "the four services' VmHWM summed", "");
        if (!fleet.isMissingNode()) {
            table.append("\n| Fleet | Integrations | Created in (s) | Sweep (s) | Check backlog peak |\n|---|---|---|---|---|\n| `revalidation_sweep_fleet` | ")
                    .append(fleet.path("integrations")).append(" | ").append(fleet.path("created_in_s")).append(" | ")
                    .append(fleet.has("sweep_s") ? fleet.path("sweep_s").asText() : fleet.path("sweep_error").asText("not measured"))
                    .append(" | ").append(fleet.path("check_backlog_peak")).append(" |\n");
        }
        JsonNode scale = results.path("scale");
        table.append("\n| Scale (").append(scale.path("setups")).append(" setups, ").append(scale.path("in_flight"))
                .append(" in flight) | Setups/s |\n|---|---|\n")
                .append("| one bootstrap-worker | ").append(scale.path("one_bootstrap_worker_setups_per_s")).append(" |\n")
                .append("| two bootstrap-workers | ").append(scale.path("two_bootstrap_workers_setups_per_s"))
                .append(" (").append(scale.path("two_vs_one")).append("x) |\n");
        table.append("\n| Service | Peak RSS (MiB) | Start-up (s) |\n|---|---|---|\n");
        results.path("services").fields().forEachRemaining(service -> table.append("| ").append(service.getKey())
                .append(" | ").append(service.getValue().path("peak_rss_mib")).append(" | ")
                .append(service.getValue().path("startup_s")).append(" |\n"));
        return table.toString();
    }

    private static void row(StringBuilder table, JsonNode results, String key, String measured, String baseline) {
        JsonNode value = results.path(key);
        table.append("| `").append(key).append("` | ").append(value.isNull() || value.isMissingNode() ? "not measured" : value.asText())
                .append(" | ").append(Bench.goals().get(key)).append(" | ").append(measured).append(" | ").append(baseline).append(" |\n");
    }
}
