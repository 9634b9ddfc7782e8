package dev.tributary.sandbox.redshift;

import org.postgresql.util.PasswordUtil;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a cleartext password against the verifier PostgreSQL stores in {@code pg_authid.rolpassword}
 * (SCRAM-SHA-256 or MD5), so the stand-in really rejects a wrong password although the server trusts loopback.
 * The verifier is recomputed with the stored salt and iteration count by pgjdbc's encoder, which prepares the
 * password (SASLprep) as the server does, and compared in constant time.
 */
final class PasswordVerifier {
    /** {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, Base64 parts (RFC 5803). */
    private static final Pattern SCRAM = Pattern.compile("SCRAM-SHA-256\\$(\\d{1,9}):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");

    private PasswordVerifier() {
    }

    static boolean matches(String storedVerifier, String user, String password) {
        if (storedVerifier == null || password == null) {
            return false;
        }
        try {
            Matcher scram = SCRAM.matcher(storedVerifier);
            if (scram.matches()) {
                return matchesScram(scram, password);
            }
            if (storedVerifier.startsWith("md5")) {
                return MessageDigest.isEqual(ascii(PasswordUtil.encodeMd5(user, password.toCharArray())), ascii(storedVerifier));
            }
            return false;
        } catch (IllegalArgumentException e) {
            // a malformed verifier (bad Base64, no iterations) lets nobody in
            return false;
        }
    }

    private static boolean matchesScram(Matcher stored, String password) {
        int iterations = Integer.parseInt(stored.group(1));
        byte[] salt = Base64.getDecoder().decode(stored.group(2));
        Matcher computed = SCRAM.matcher(PasswordUtil.encodeScramSha256(password.toCharArray(), iterations, salt));
        if (!computed.matches()) {
            return false;
        }
        // compared as bytes, not as text, so how a verifier set by hand laid out its Base64 does not matter
        return MessageDigest.isEqual(keys(stored), keys(computed));
    }

    private static byte[] keys(Matcher verifier) {
        byte[] storedKey = Base64.getDecoder().decode(verifier.group(3));
        byte[] serverKey = Base64.getDecoder().decode(verifier.group(4));
        byte[] both = new byte[storedKey.length + serverKey.length];
        System.arraycopy(storedKey, 0, both, 0, storedKey.length);
        System.arraycopy(serverKey, 0, both, storedKey.length, serverKey.length);
        return both;
    }

    private static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}
