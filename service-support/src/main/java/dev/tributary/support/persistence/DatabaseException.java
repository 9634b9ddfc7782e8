package dev.tributary.support.persistence;

/** A service's own database failed; HTTP callers get 503, consumers retry instead of dead-lettering. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
