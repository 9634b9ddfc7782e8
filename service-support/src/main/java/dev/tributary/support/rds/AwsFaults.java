package dev.tributary.support.rds;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * How Tributary treats an AWS API's fault (RDS, Redshift, Redshift Serverless): a throttled or failing provider is
 * not the request's fault, so the message is retried later; any other fault is the user's to fix and is reported
 * with its code first.
 */
public final class AwsFaults {

    private AwsFaults() {
    }

    /** Whether the provider is busy or in trouble (throttling, 5xx) rather than refusing the request. */
    public static boolean passing(AwsServiceException fault) {
        return fault.statusCode() >= 500 || fault.isThrottlingException();
    }

    /** Rethrows {@code fault} when it is {@link #passing}: the message is retried. */
    public static void rethrowIfPassing(AwsServiceException fault) {
        if (passing(fault)) {
            throw fault;
        }
    }

    /** The fault as a message: {@code Code: message}. */
    public static String describe(AwsServiceException fault) {
        return fault.awsErrorDetails().errorCode() + ": " + fault.awsErrorDetails().errorMessage();
    }
}
