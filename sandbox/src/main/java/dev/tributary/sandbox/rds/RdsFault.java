package dev.tributary.sandbox.rds;

/** An RDS error answer: its code, HTTP status and message, as the AWS Query protocol carries them. */
final class RdsFault extends RuntimeException {
    final String code;
    final int httpStatus;

    RdsFault(String code, int httpStatus, String message) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    static RdsFault invalid(String message) {
        return new RdsFault("InvalidParameterValue", 400, message);
    }
}
