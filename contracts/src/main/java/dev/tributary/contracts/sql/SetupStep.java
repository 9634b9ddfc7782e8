package dev.tributary.contracts.sql;

import java.util.List;

/**
 * One idempotent part of a setup. When {@code existenceCheck} returns a row the object is already there and
 * {@code whenPresent} runs instead of {@code statements} (often nothing), so a step can be repeated after a crash.
 *
 * @param name           stable name, recorded by the bootstrap-worker and shown in the timeline
 * @param database       where the statements run
 * @param existenceCheck a query returning a row when the step's object exists, or null if the statements are idempotent
 * @param statements     what the step runs, in order
 * @param whenPresent    what runs instead when the object exists
 */
public record SetupStep(String name, Target database, String existenceCheck, List<String> statements,
                        List<String> whenPresent) {

    public enum Target {
        /** The existing database the setup connects to first ({@code initialDatabase}). */
        INITIAL_DATABASE,
        /** The database the setup creates and Tributary manages ({@code database}). */
        MANAGED_DATABASE
    }

    public static SetupStep idempotent(String name, Target database, List<String> statements) {
        return new SetupStep(name, database, null, statements, List.of());
    }
}
