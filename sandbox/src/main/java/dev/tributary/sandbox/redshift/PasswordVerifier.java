package dev.tributary.sandbox.redshift;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Checks a cleartext password against the verifier PostgreSQL stores in {@code pg_authid.rolpassword}
 * (SCRAM-SHA-256 or MD5), so the stand-in really rejects a wrong password although the server trusts loopback.
 */
final class PasswordVerifier {

    private PasswordVerifier() {
    }

    static boolean matches(String storedVerifier, String user, String password) {
        if (storedVerifier == null || password == null) {
            return false;
        }
        try {
            if (storedVerifier.startsWith("SCRAM-SHA-256$")) {
                return matchesScram(storedVerifier, password);
            }
            if (storedVerifier.startsWith("md5")) {
                String expected = "md5" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                        .digest((password + user).getBytes(StandardCharsets.UTF_8)));
                return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        storedVerifier.getBytes(StandardCharsets.US_ASCII));
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, as in RFC 5802 / RFC 7677. */
    private static boolean matchesScram(String verifier, String password) throws GeneralSecurityException {
        String[] parts = verifier.substring("SCRAM-SHA-256$".length()).split("[$:]");
        if (parts.length != 4) {
            return false;
        }
        int iterations = Integer.parseInt(parts[0]);
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        byte[] storedKey = Base64.getDecoder().decode(parts[2]);

        byte[] saltedPassword = pbkdf2(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] clientKey = hmac(saltedPassword, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] computedStoredKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        return MessageDigest.isEqual(storedKey, computedStoredKey);
    }

    private static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(password, "HmacSHA256"));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[]{0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
