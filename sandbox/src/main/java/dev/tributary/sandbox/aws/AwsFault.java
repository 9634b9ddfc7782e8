package dev.tributary.sandbox.aws;

/**
 * A fault as an AWS API reports it: its code, its HTTP status and its message. {@link QueryProtocol} writes it as an
 * {@code ErrorResponse}, {@link JsonProtocol} as a {@code __type} body.
 */
public final class AwsFault extends RuntimeException {
    final String code;
    final int httpStatus;

    public AwsFault(String code, int httpStatus, String message) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** {@code InvalidParameterValue} (400): what the Query-protocol APIs answer for a value outside a parameter's rule. */
    public static AwsFault invalid(String message) {
        return new AwsFault("InvalidParameterValue", 400, message);
    }
}
