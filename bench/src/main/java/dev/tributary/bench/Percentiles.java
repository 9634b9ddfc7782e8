package dev.tributary.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

/** p50, p90, p99 and max of a histogram of microseconds, in milliseconds. */
record Percentiles(double p50, double p90, double p99, double max, long count) {

    static Percentiles of(Histogram micros) {
        return new Percentiles(millis(micros.getValueAtPercentile(50)), millis(micros.getValueAtPercentile(90)),
                millis(micros.getValueAtPercentile(99)), millis(micros.getMaxValue()), micros.getTotalCount());
    }

    ObjectNode json() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("p50_ms", p50).put("p90_ms", p90).put("p99_ms", p99).put("max_ms", max).put("count", count);
        return node;
    }

    private static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
