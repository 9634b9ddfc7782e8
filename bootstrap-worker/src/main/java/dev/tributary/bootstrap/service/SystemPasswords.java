package dev.tributary.bootstrap.service;

import java.security.SecureRandom;

/** Generates system-account passwords that satisfy Redshift's rules (8-64 characters, upper, lower and a digit). */
public final class SystemPasswords {
    private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
    private static final String DIGITS = "23456789";
    private static final String ALL = UPPER + LOWER + DIGITS;
    private static final int LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SystemPasswords() {
    }

    public static String generate() {
        StringBuilder password = new StringBuilder(LENGTH);
        password.append(pick(UPPER)).append(pick(LOWER)).append(pick(DIGITS));
        while (password.length() < LENGTH) {
            password.append(pick(ALL));
        }
        return password.toString();
    }

    private static char pick(String alphabet) {
        return alphabet.charAt(RANDOM.nextInt(alphabet.length()));
    }
}
