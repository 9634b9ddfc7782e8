package dev.tributary.support.persistence;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.PersistenceException;

/** Turns Hibernate's failures (JDBC ones included, which it wraps) into {@link DatabaseException}. */
@DatabaseFailures
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
class DatabaseFailureTranslation {
    @AroundInvoke
    Object translate(InvocationContext call) throws Exception {
        try {
            return call.proceed();
        } catch (PersistenceException e) {
            throw new DatabaseException("cannot " + call.getMethod().getName() + " in "
                    + call.getMethod().getDeclaringClass().getSimpleName(), e);
        }
    }
}
