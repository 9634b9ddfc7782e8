package dev.tributary.contracts.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.tributary.contracts.sql.SqlIdentifiers;

import java.util.Optional;

/**
 * Where a governance integration puts its support schemas: into a database the setup creates (multi-database mode,
 * RA3 clusters), or into an existing database (single-database mode, for other node types and Redshift Spectrum).
 * It is decided once, when the integration is created, and kept with it; no edit can change it.
 *
 * <p>The rule: a setup is in single-database mode when {@code database} equals {@code initialDatabase} as the engine
 * folds unquoted names (to lower case), or, for an automatic setup only, when validation finds that {@code database}
 * already exists. A manual setup's scripts are written without connecting, so for it the names alone decide.
 */
public enum DatabaseMode {
    SINGLE_DATABASE("singleDatabase"),
    MULTI_DATABASE("multiDatabase");

    /** The rule as it is told to a user whose request breaks it. */
    public static final String RULE = "an integration is in single-database mode when config.database equals"
            + " config.initialDatabase, or (automatic setup) when config.database already existed at creation;"
            + " the mode is kept for the integration's life";

    private final String wireName;

    DatabaseMode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static DatabaseMode fromWireName(String name) {
        for (DatabaseMode mode : values()) {
            if (mode.wireName.equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown database mode: " + name);
    }

    /** Whether the two names are one database, as the engine folds names. */
    public static boolean sameDatabase(RedshiftConfig config) {
        return config.database() != null && config.initialDatabase() != null
                && SqlIdentifiers.sameName(config.database(), config.initialDatabase());
    }

    /**
     * The mode the names alone decide: single-database when they are one database; otherwise multi-database for a
     * manual setup, and not yet known (empty) for an automatic one, whose validation looks for the database.
     */
    public static Optional<DatabaseMode> fromNames(RedshiftConfig config, boolean automatic) {
        if (sameDatabase(config)) {
            return Optional.of(SINGLE_DATABASE);
        }
        return automatic ? Optional.empty() : Optional.of(MULTI_DATABASE);
    }

    /**
     * The mode an edit to {@code requested} would put an integration in, given the mode it has. For an automatic
     * integration, distinct names keep the recorded mode (its database exists by now in either mode); equal names
     * mean single-database. For a manual one the names decide, as they did at creation.
     */
    public static DatabaseMode afterEdit(DatabaseMode recorded, RedshiftConfig requested, boolean automatic) {
        if (sameDatabase(requested)) {
            return SINGLE_DATABASE;
        }
        return automatic ? recorded : MULTI_DATABASE;
    }

    /** An integration recorded before modes existed had to have two distinct databases. */
    public static DatabaseMode orMulti(DatabaseMode recorded) {
        return recorded == null ? MULTI_DATABASE : recorded;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
