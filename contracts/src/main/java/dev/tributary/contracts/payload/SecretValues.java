package dev.tributary.contracts.payload;

/**
 * How the payload rules read a secret field (a password): a client may send it as it is, or sealed to the gateway so
 * that nothing between the two can read it. Each value is handed over as sent and comes back as the secret, which
 * the rules then check like any other text. The gateway, which holds the key that opens sealed values, provides the
 * implementation; the rules stay plain Java.
 */
@FunctionalInterface
public interface SecretValues {

    /**
     * The secret that {@code sent} carries.
     *
     * @throws UnreadableSecretException when {@code sent} is sealed but does not open
     */
    String open(String sent);

    /** A sealed secret that does not open. Its message completes "&lt;field&gt; …" and never holds the value. */
    final class UnreadableSecretException extends RuntimeException {
        public UnreadableSecretException(String message) {
            super(message);
        }
    }
}
