package dev.tributary.validation.service;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * How the zero-ETL tests treat an AWS API's fault: a throttled or failing provider is not the request's fault, so
 * its answer is rethrown and the command retried; any other fault is the test's message, code first.
 */
final class AwsFaults {

    private AwsFaults() {
    }

    /** Rethrows {@code fault} when the provider is busy or in trouble (throttling, 5xx): the message is retried. */
    static void rethrowIfPassing(AwsServiceException fault) {
        if (fault.statusCode() >= 500 || fault.isThrottlingException()) {
            throw fault;
        }
    }

    /** The fault as a message: {@code Code: message}. */
    static String describe(AwsServiceException fault) {
        return fault.awsErrorDetails().errorCode() + ": " + fault.awsErrorDetails().errorMessage();
    }
}
