package dev.tributary.deployment;

/** One configuration setting as the reference lists it. */
record Setting(String key, String defaultValue, String meaning) {
    /** The environment variable MicroProfile Config maps to the key: upper case, other characters become '_'. */
    String environmentVariable() {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }
}
