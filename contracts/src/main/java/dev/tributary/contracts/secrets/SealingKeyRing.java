package dev.tributary.contracts.secrets;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AES-256 keys that seal secrets, each under an id. The first key is the primary: it seals. Every key opens what
 * was sealed with it, so a new key can be added, made primary, and the old one removed once no value needs it.
 *
 * <p>Written as entries separated by new lines or commas: {@code <id>:<base64 of 32 bytes>}, or a bare base64 key
 * (the single-key form of earlier releases), whose id is its fingerprint. Blank lines and lines starting with
 * {@code #} are skipped.
 */
public final class SealingKeyRing {
    public static final int KEY_BYTES = 32;
    /** Ids appear inside sealed values ({@code sealed:v2:<id>:…}), so they cannot hold the separator. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, byte[]> keys;

    private SealingKeyRing(Map<String, byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a sealing key ring needs at least one key");
        }
        this.keys = keys;
    }

    /** @param source where the text came from, for error messages (which never hold key material) */
    public static SealingKeyRing parse(String text, String source) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        int number = 0;
        for (String entry : text.split("[,\\n]")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            number++;
            int colon = trimmed.indexOf(':');
            String where = "entry " + number + " of " + source;
            byte[] key = decode(colon < 0 ? trimmed : trimmed.substring(colon + 1).trim(), where);
            String id = colon < 0 ? fingerprint(key) : trimmed.substring(0, colon).trim();
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(where + ": a key id is 1 to 64 letters, digits, '.', '_' or '-'");
            }
            if (keys.putIfAbsent(id, key) != null) {
                throw new IllegalArgumentException(where + ": the key id " + id + " is used twice");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no sealing key");
        }
        return new SealingKeyRing(keys);
    }

    /** A ring of one fresh random key. */
    public static SealingKeyRing generate() {
        return new SealingKeyRing(new LinkedHashMap<>(Map.ofEntries(fresh())));
    }

    /** This ring with a fresh random key in front, as the primary; the others still open what they sealed. */
    public SealingKeyRing withNewPrimary() {
        Map<String, byte[]> rotated = new LinkedHashMap<>();
        Map.Entry<String, byte[]> key = fresh();
        rotated.put(key.getKey(), key.getValue());
        rotated.putAll(keys);
        return new SealingKeyRing(rotated);
    }

    /** This ring without the keys that are no longer primary. */
    public SealingKeyRing primaryOnly() {
        return new SealingKeyRing(new LinkedHashMap<>(Map.of(primaryId(), keys.get(primaryId()))));
    }

    public String primaryId() {
        return keys.keySet().iterator().next();
    }

    /** Every key's id, the primary first. */
    public List<String> ids() {
        return List.copyOf(keys.keySet());
    }

    /** The ring as a key file holds it: one {@code <id>:<base64>} line per key, the primary first. */
    public String format() {
        StringBuilder out = new StringBuilder();
        keys.forEach((id, key) -> out.append(id).append(':').append(Base64.getEncoder().encodeToString(key)).append('\n'));
        return out.toString();
    }

    Optional<SecretKeySpec> key(String id) {
        return Optional.ofNullable(keys.get(id)).map(key -> new SecretKeySpec(key, "AES"));
    }

    /** The keys, the primary first. */
    List<SecretKeySpec> all() {
        List<SecretKeySpec> all = new ArrayList<>();
        keys.values().forEach(key -> all.add(new SecretKeySpec(key, "AES")));
        return all;
    }

    /** A short, stable id for a key: the first 6 bytes of its SHA-256, in hex. It reveals nothing about the key. */
    static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "SealingKeyRing" + ids(); // ids only: the keys never reach a log
    }

    private static byte[] decode(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": the key is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(where + ": the key must be " + KEY_BYTES + " bytes, got " + key.length);
        }
        return key;
    }

    private static Map.Entry<String, byte[]> fresh() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return Map.entry(fingerprint(key), key);
    }
}
