package dev.tributary.contracts.secrets;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seals secrets with AES-256-GCM so they can travel on topics and rest in tables without being readable. A sealed
 * value looks like {@code sealed:v2:<key id>:<base64 of nonce, ciphertext and tag>}: the key id names the key of the
 * {@link SealingKeyRing} that sealed it, and the {@link SealingContext} it was sealed for is bound in as associated
 * data, so it opens only with that key and for that purpose.
 *
 * <p>Values of the earlier format {@code sealed:v1:<base64>} (no key id, bound to nothing) still open, with whichever
 * key of the ring sealed them, for one release; each one opened is reported to the listener given at construction, so
 * that operators learn they still exist and re-seal them.
 */
public final class SecretSealer {
    private static final String PREFIX = "sealed:";
    private static final String V1 = PREFIX + "v1:";
    private static final String V2 = PREFIX + "v2:";
    private static final Pattern V2_VALUE = Pattern.compile("sealed:v2:([A-Za-z0-9_.-]{1,64}):(.*)", Pattern.DOTALL);
    /** A sealed value inside a longer text, such as a message; group 1 is the key id of a v2 value. */
    private static final Pattern WITHIN = Pattern.compile("sealed:v(?:1:|2:([A-Za-z0-9_.-]{1,64}):)");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SealingKeyRing ring;
    private final Runnable legacyOpened;
    private final SecureRandom random = new SecureRandom();

    public SecretSealer(SealingKeyRing ring) {
        this(ring, () -> { });
    }

    /** @param legacyOpened told each time a v1 value is opened */
    public SecretSealer(SealingKeyRing ring, Runnable legacyOpened) {
        this.ring = ring;
        this.legacyOpened = legacyOpened;
    }

    /** The id of the key that seals. */
    public String primaryKeyId() {
        return ring.primaryId();
    }

    /** The ring's key ids, the primary first. */
    public List<String> keyIds() {
        return ring.ids();
    }

    public String seal(String plaintext, SealingContext context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, ring.key(ring.primaryId()).orElseThrow(), nonce);
            cipher.updateAAD(context.associatedData());
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return V2 + ring.primaryId() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plaintext of a value sealed for {@code context}. Fails if it was altered, sealed for another purpose, or with
     * a key this ring does not hold.
     */
    public String unseal(String sealedValue, SealingContext context) {
        if (sealedValue != null && sealedValue.startsWith(V1)) {
            return unsealLegacy(sealedValue);
        }
        Matcher parts = sealedValue == null ? null : V2_VALUE.matcher(sealedValue);
        if (parts == null || !parts.matches()) {
            throw new SealingException("not a sealed value");
        }
        String keyId = parts.group(1);
        SecretKeySpec key = ring.key(keyId).orElseThrow(() -> new SealingException("sealed value names key " + keyId
                + ", which this service does not have (its keys: " + String.join(", ", ring.ids()) + ")"));
        byte[] in = decode(parts.group(2));
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, in);
            cipher.updateAAD(context.associatedData());
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SealingException("sealed value cannot be opened as " + context.field() + " of integration "
                    + context.integrationId() + " with key " + keyId
                    + " (altered, or sealed for another integration, operation, host or field)");
        }
    }

    /**
     * The same secret sealed with the primary key for the same purpose; the value itself when it already is. Fails
     * like {@link #unseal} when the value does not open for {@code context}.
     */
    public String reseal(String sealedValue, SealingContext context) {
        if (keyIdOf(sealedValue).filter(ring.primaryId()::equals).isPresent()) {
            return sealedValue;
        }
        return seal(unseal(sealedValue, context), context);
    }

    /** Whether {@code value} is the output of a sealer, of either format. */
    public static boolean isSealed(String value) {
        return value != null && (value.startsWith(V1) || V2_VALUE.matcher(value).matches());
    }

    /** The id of the key that sealed {@code value}; empty for a v1 value, which names none, or for no sealed value. */
    public static Optional<String> keyIdOf(String value) {
        Matcher parts = value == null ? null : V2_VALUE.matcher(value);
        return parts != null && parts.matches() ? Optional.of(parts.group(1)) : Optional.empty();
    }

    /** For each sealed value inside {@code text} (a message, say), the id of its key; empty for a v1 value. */
    public static List<Optional<String>> keyIdsWithin(String text) {
        List<Optional<String>> ids = new ArrayList<>();
        Matcher found = WITHIN.matcher(text);
        while (found.find()) {
            ids.add(Optional.ofNullable(found.group(1)));
        }
        return ids;
    }

    /** v1 names no key: each key of the ring is tried; the GCM tag tells the right one from the others. */
    private String unsealLegacy(String sealedValue) {
        byte[] in = decode(sealedValue.substring(V1.length()));
        for (SecretKeySpec key : ring.all()) {
            try {
                String plain = new String(cipher(Cipher.DECRYPT_MODE, key, in).doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES),
                        StandardCharsets.UTF_8);
                legacyOpened.run();
                return plain;
            } catch (GeneralSecurityException e) {
                // not this key
            }
        }
        throw new SealingException("v1 sealed value cannot be opened with any key of this service (altered, or sealed with another key)");
    }

    private static byte[] decode(String base64) {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SealingException("sealed value is not valid base64");
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealingException("sealed value is too short");
        }
        return in;
    }

    /** @param nonce the nonce in its first bytes */
    private static Cipher cipher(int mode, SecretKeySpec key, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce, 0, NONCE_BYTES));
        return cipher;
    }

    /** A sealed value could not be opened. The message never contains the value. */
    public static final class SealingException extends RuntimeException {
        public SealingException(String message) {
            super(message);
        }
    }
}
