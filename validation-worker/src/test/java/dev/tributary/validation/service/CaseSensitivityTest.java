package dev.tributary.validation.service;

import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict on Redshift's enable_case_sensitive_identifier, as SHOW reports it. The stand-in is PostgreSQL, which
 * has no such setting, so the Redshift answers are given here.
 */
class CaseSensitivityTest {
    private static final RedshiftConfig CONFIG = new RedshiftConfig("example.redshift.amazonaws.com", 5439, "immuta",
            "dev", Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null);

    @Test
    void aRedshiftTargetWithCaseSensitiveIdentifiersFailsWithBothWaysToTurnThemOff() {
        for (String on : new String[] {"on", "true", "ON"}) {
            ValidationTest test = RedshiftValidator.caseInsensitive(on, CONFIG, "admin");
            assertEquals(TestStatus.FAILED, test.status());
            assertTrue(test.message().contains("ALTER USER admin SET enable_case_sensitive_identifier TO false"), test.message());
            assertTrue(test.message().contains("parameter group"), test.message());
            assertTrue(test.message().contains("host example.redshift.amazonaws.com"), test.message());
        }
    }

    @Test
    void aRedshiftTargetWithTheDefaultPasses() {
        for (String off : new String[] {"off", "false"}) {
            assertEquals(TestStatus.PASSED, RedshiftValidator.caseInsensitive(off, CONFIG, "admin").status());
        }
    }
}
