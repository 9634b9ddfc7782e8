package dev.tributary.contracts.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * How an API key travels and how it is stored. Clients send {@code Authorization: <key>} or
 * {@code Authorization: Bearer <key>}; services keep and share only the SHA-256 of a key. Keys are 256-bit random
 * values, so a plain hash cannot be reversed by guessing.
 */
public final class ApiKeyCredentials {
    private ApiKeyCredentials() {
    }

    /** The key in an {@code Authorization} header, or empty if the header is missing or blank. */
    public static Optional<String> fromAuthorizationHeader(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).trim();
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The hex SHA-256 of {@code key}: what is stored and published instead of the key. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
