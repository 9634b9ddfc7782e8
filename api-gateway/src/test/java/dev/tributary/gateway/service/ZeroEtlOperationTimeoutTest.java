package dev.tributary.gateway.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The zero-ETL deadline may be raised to eight hours; a start with more, or none, stops with the setting named. */
class ZeroEtlOperationTimeoutTest {

    @Test
    void upToEightHoursIsAccepted() {
        assertEquals(Duration.ofHours(8), ZeroEtlOperationTimeout.checked(Duration.ofHours(8)));
        assertEquals(Duration.ofMinutes(60), ZeroEtlOperationTimeout.checked(Duration.ofMinutes(60)));
    }

    @Test
    void moreThanEightHoursOrNoneStopsTheStartWithTheSettingAndItsLimit() {
        for (Duration timeout : new Duration[]{Duration.ofHours(8).plusSeconds(1), Duration.ofDays(2), Duration.ZERO}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ZeroEtlOperationTimeout.checked(timeout));
            assertTrue(refused.getMessage().startsWith("tributary.zero-etl.operation-timeout is " + timeout), refused.getMessage());
            assertTrue(refused.getMessage().contains("at most 8h"), refused.getMessage());
        }
    }
}
