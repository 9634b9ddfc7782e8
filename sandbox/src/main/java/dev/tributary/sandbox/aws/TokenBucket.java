package dev.tributary.sandbox.aws;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How AWS APIs throttle a caller: a bucket of {@code burst} tokens that refills at {@code perSecond}; each request
 * takes one, and a request that finds the bucket empty is refused. Written here because the stand-ins have no
 * library for it: SmallRye Fault Tolerance's rate limit needs CDI and counts requests in time windows, and the token
 * buckets of other libraries would be a dependency of the sandbox for twenty lines.
 */
public final class TokenBucket {
    /** The RDS API's: 12 requests a second after a burst of 300. */
    public static final String RDS = "12/300";
    /** The bucket of {@code off}: it never runs dry. */
    public static final TokenBucket UNLIMITED = new TokenBucket("off", Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    private static final Pattern SPEC = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)/([0-9]+)");

    private final String spec;
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long refilledAt = System.nanoTime();

    private TokenBucket(String spec, double perSecond, double burst) {
        this.spec = spec;
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
    }

    /** {@code <per second>/<burst>} (e.g. {@value #RDS}), full at first; {@code off} for {@link #UNLIMITED}. */
    public static TokenBucket parse(String spec) {
        if (spec.equals("off")) {
            return UNLIMITED;
        }
        Matcher matcher = SPEC.matcher(spec);
        if (!matcher.matches() || Double.parseDouble(matcher.group(1)) <= 0 || Integer.parseInt(matcher.group(2)) < 1) {
            throw new IllegalArgumentException("a rate limit is <requests per second>/<burst>, both positive (e.g. "
                    + RDS + "), or off; not " + spec);
        }
        return new TokenBucket(spec, Double.parseDouble(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /** Takes a token if there is one. */
    public synchronized boolean tryTake() {
        if (this == UNLIMITED) {
            return true;
        }
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) / 1e9 * perSecond);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }

    @Override
    public String toString() {
        return spec;
    }
}
