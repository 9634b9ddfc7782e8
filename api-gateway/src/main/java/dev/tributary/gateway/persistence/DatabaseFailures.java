package dev.tributary.gateway.persistence;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A repository whose database failures leave it as {@code DatabaseException}, the one failure its callers know means
 * "the database is away" (the API answers it with 503 and Retry-After, as for the processed-message ledger).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface DatabaseFailures {
}
