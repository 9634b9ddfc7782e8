package dev.tributary.contracts.zeroetl;

/** A data filter that breaks the grammar; the message names the rule and what is wrong with it. */
public class DataFilterException extends IllegalArgumentException {
    public DataFilterException(String message) {
        super(message);
    }
}
