package dev.tributary.support.persistence;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A repository whose database failures leave it as {@link DatabaseException}, the one failure its callers know means
 * "the database is away" (the APIs answer it with 503 and Retry-After; consumers retry it).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DatabaseFailures {
}
