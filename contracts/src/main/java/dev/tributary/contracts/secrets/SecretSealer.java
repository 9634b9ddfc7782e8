package dev.tributary.contracts.secrets;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals secrets with AES-256-GCM so they can travel on topics and rest in tables without being readable.
 * A sealed value looks like {@code sealed:v1:<base64 of nonce, ciphertext and tag>}; the version prefix leaves
 * room for key rotation.
 */
public final class SecretSealer {
    public static final int KEY_BYTES = 32;
    private static final String PREFIX = "sealed:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretSealer(byte[] keyBytes) {
        if (keyBytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("the sealing key must be " + KEY_BYTES + " bytes, got " + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes.clone(), "AES");
    }

    public static SecretSealer fromBase64(String base64Key) {
        return new SecretSealer(Base64.getDecoder().decode(base64Key.trim()));
    }

    public String seal(String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext of a value made by {@link #seal}; fails if it was altered or sealed with another key. */
    public String unseal(String sealedValue) {
        if (sealedValue == null || !sealedValue.startsWith(PREFIX)) {
            throw new SealingException("not a sealed value");
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealedValue.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SealingException("sealed value is not valid base64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealingException("sealed value is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SealingException("sealed value cannot be opened with this key (altered, or sealed with another key)");
        }
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** A sealed value could not be opened. The message never contains the value. */
    public static final class SealingException extends RuntimeException {
        public SealingException(String message) {
            super(message);
        }
    }
}
