package dev.tributary.sandbox.redshift;

import dev.tributary.sandbox.postgres.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-in's password check against verifiers that PostgreSQL itself computed and stored. */
class PasswordVerifierTest {
    private static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    private static final String ROLE = "password_verifier_test";

    @AfterAll
    static void dropRole() throws SQLException {
        POSTGRES.dropRole(ROLE);
    }

    /** The verifier PostgreSQL stores for {@code password} when it hashes it itself with {@code encryption}. */
    private static String storedBy(String encryption, String password) throws SQLException {
        try (Connection connection = POSTGRES.connect("postgres"); Statement sql = connection.createStatement()) {
            sql.execute("SET password_encryption = '" + encryption + "'");
            sql.execute("DROP ROLE IF EXISTS " + ROLE);
            sql.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
        }
        return POSTGRES.passwordVerifier(ROLE).orElseThrow();
    }

    @Test
    void theStandInAcceptsTheRightPasswordForAScramVerifierAndRefusesAWrongOne() throws SQLException {
        String verifier = storedBy("scram-sha-256", "It's-Secret\\1");
        assertTrue(verifier.startsWith("SCRAM-SHA-256$"), verifier);
        assertTrue(PasswordVerifier.matches(verifier, ROLE, "It's-Secret\\1"));
        assertFalse(PasswordVerifier.matches(verifier, ROLE, "It's-Secret\\2"));
        assertFalse(PasswordVerifier.matches(verifier, ROLE, ""));
    }

    @Test
    void aPasswordThatSaslprepChangesIsCheckedAsTheServerPreparedIt() throws SQLException {
        // SASLprep maps the no-break space to a plain one before hashing; raw UTF-8 bytes would not match
        String verifier = storedBy("scram-sha-256", "Pass\u00A0w\u00F6rd-1");
        assertTrue(PasswordVerifier.matches(verifier, ROLE, "Pass\u00A0w\u00F6rd-1"));
        assertTrue(PasswordVerifier.matches(verifier, ROLE, "Pass w\u00F6rd-1"), "the same password once prepared");
        assertFalse(PasswordVerifier.matches(verifier, ROLE, "Pass\u00A0word-1"));
    }

    @Test
    void anMd5VerifierStoredEarlierStillMatchesItsPasswordOnly() throws SQLException {
        String verifier = storedBy("md5", "Old-Passw0rd");
        assertTrue(verifier.startsWith("md5"), verifier);
        assertTrue(PasswordVerifier.matches(verifier, ROLE, "Old-Passw0rd"));
        assertFalse(PasswordVerifier.matches(verifier, ROLE, "Old-Passw0rd!"));
        assertFalse(PasswordVerifier.matches(verifier, "another_user", "Old-Passw0rd"), "MD5 is salted with the user name");
    }

    @Test
    void aMalformedOrMissingVerifierLetsNobodyIn() {
        for (String verifier : new String[]{null, "", "plain-text", "SCRAM-SHA-256$0:c2FsdA==$a2V5:a2V5",
                "SCRAM-SHA-256$4096:not base64!$a2V5:a2V5", "SCRAM-SHA-256$4096:c2FsdA==$a2V5", "md5"}) {
            assertFalse(PasswordVerifier.matches(verifier, ROLE, "plain-text"), String.valueOf(verifier));
        }
    }
}
