package dev.tributary.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The zero-ETL tests' settings: two attempts per RDS call, so that a throttled adoption answers without the SDK's
 * eight; no periodic checks (the scheduler's ticks off), so that the checks a test sees are the ones it asked for or started itself; and a
 * validation wait long enough for a test that reads the whole commands topic to answer a check in time.
 */
public class ZeroEtlProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        // one claim batch takes every due integration of these tests, so a round's watch requests are cut by region and
        // page alone (ZeroEtlWatchTest), not also where a batch of the claim ends
        return Map.of("tributary.rds.max-attempts", "2", "tributary.revalidation-interval", "1h", "tributary.checks.tick", "off",
                "tributary.validation-wait", "8s", "tributary.checks.batch-size", "1000");
    }
}
