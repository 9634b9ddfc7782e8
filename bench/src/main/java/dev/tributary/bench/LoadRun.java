package dev.tributary.bench;

import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;

/**
 * A closed-loop HTTP load: {@code clients} threads send requests back to back for a while, after a warm-up, and
 * record every latency. Closed-loop means the rate is what the server sustains at that concurrency; the latencies
 * are service times at that load, not what an open arrival rate would see.
 */
final class LoadRun {
    /** What one run measured. */
    record Result(double requestsPerSecond, long requests, long failures, Histogram latencyMicros, double seconds) {
        /** This run and {@code other} as one: their requests over their combined time. */
        Result plus(Result other) {
            Histogram latencies = latencyMicros.copy();
            latencies.add(other.latencyMicros);
            double together = seconds + other.seconds;
            return new Result((requests + other.requests) / together, requests + other.requests,
                    failures + other.failures, latencies, together);
        }
    }

    /** A measured load and its baseline, measured in turns. */
    record Comparison(Result measured, Result baseline) {
    }

    /** A load: the n-th request (n = 0, 1, 2, ..., for example a distinct host each), and which answer statuses count as served. */
    record Load(LongFunction<HttpRequest> requests, IntPredicate succeeded) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private LoadRun() {
    }

    /** One load: a warm-up, then the measured run. */
    static Result run(int clients, Duration warmUp, Duration measured, Load load) throws Exception {
        AtomicLong sequence = new AtomicLong();
        drive(clients, warmUp, load, sequence);
        return drive(clients, measured, load, sequence);
    }

    /**
     * Both loads warmed up, then measured in turns, {@code rounds} times each, for {@code measured} in all: a drift of
     * the machine (another process busy for a while, the JIT finishing late) then falls on both figures instead of
     * on whichever ran second. For loads that leave no work behind, such as reads.
     */
    static Comparison inTurns(int clients, Duration warmUp, Duration measured, int rounds, Load load, Load baseline)
            throws Exception {
        AtomicLong sequence = new AtomicLong();
        drive(clients, warmUp, baseline, sequence);
        drive(clients, warmUp, load, sequence);
        Duration round = measured.dividedBy(rounds);
        Map<Load, Result> totals = new IdentityHashMap<>();
        for (int i = 0; i < rounds; i++) {
            // ABBA: each load runs first in every other round, so neither always follows the other
            for (Load each : i % 2 == 0 ? List.of(baseline, load) : List.of(load, baseline)) {
                totals.merge(each, drive(clients, round, each, sequence), Result::plus);
            }
        }
        return new Comparison(totals.get(load), totals.get(baseline));
    }

    private static Result drive(int clients, Duration duration, Load load, AtomicLong sequence) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + duration.toNanos();
        List<Future<long[]>> counts = new ArrayList<>();
        Histogram latencies = new Histogram(60_000_000L, 3);
        Histogram[] perClient = new Histogram[clients];
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Histogram mine = new Histogram(60_000_000L, 3);
            perClient[c] = mine;
            counts.add(pool.submit(() -> {
                long served = 0;
                long failed = 0;
                while (System.nanoTime() < end) {
                    HttpRequest request = load.requests().apply(sequence.getAndIncrement());
                    long sent = System.nanoTime();
                    int status;
                    try {
                        status = CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (java.io.IOException e) {
                        status = -1;
                    }
                    mine.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
                    if (load.succeeded().test(status)) {
                        served++;
                    } else {
                        failed++;
                    }
                }
                return new long[]{served, failed};
            }));
        }
        long served = 0;
        long failed = 0;
        for (Future<long[]> count : counts) {
            long[] totals = count.get();
            served += totals[0];
            failed += totals[1];
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        for (Histogram mine : perClient) {
            latencies.add(mine);
        }
        return new Result(served / seconds, served, failed, latencies, seconds);
    }
}
