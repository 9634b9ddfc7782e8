package dev.tributary.sandbox.testing;

import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.tributary.contracts.sql.SqlIdentifiers.qualified;
import static dev.tributary.contracts.sql.SqlIdentifiers.quote;

/**
 * For tests only: puts an integration's impersonation procedures back as support objects version 1 made them,
 * before they were hardened: no {@code search_path} pinned, {@code quote_ident} not qualified, a plain {@code $$}
 * body quote, and EXECUTE left to PUBLIC (PostgreSQL's default for a new routine). Tests set a target up at the
 * current version, apply this, and watch the system migrate it.
 */
public final class SupportObjectsVersionOne {

    private SupportObjectsVersionOne() {
    }

    /** The statements, for the managed database: the procedures dropped, then created as version 1 did. */
    public static List<String> impersonationProcedures(RedshiftConfig config) {
        String group = quote(config.impersonationRole());
        String impersonate = qualified(ManagedDatabaseSetup.PROCEDURES_SCHEMA, "impersonate_user");
        String grant = qualified(ManagedDatabaseSetup.PROCEDURES_SCHEMA, "grant_impersonation");
        String revoke = qualified(ManagedDatabaseSetup.PROCEDURES_SCHEMA, "revoke_impersonation");
        List<String> statements = new ArrayList<>();
        for (String procedure : List.of(impersonate, grant, revoke)) {
            // dropped first: CREATE OR REPLACE would keep the current version's privileges
            statements.add("DROP PROCEDURE IF EXISTS " + procedure + "(VARCHAR)");
        }
        statements.add("CREATE OR REPLACE PROCEDURE " + impersonate + "(user_name VARCHAR) AS $$\nBEGIN\n"
                + "  IF user_name IS NULL THEN\n    EXECUTE 'RESET SESSION AUTHORIZATION';\n  ELSE\n"
                + "    EXECUTE 'SET SESSION AUTHORIZATION ' || quote_ident(user_name);\n  END IF;\nEND;\n$$ LANGUAGE plpgsql");
        statements.add("CREATE OR REPLACE PROCEDURE " + grant + "(user_name VARCHAR) AS $$\nBEGIN\n"
                + "  EXECUTE 'ALTER GROUP " + group + " ADD USER ' || quote_ident(user_name);\nEND;\n$$ LANGUAGE plpgsql SECURITY DEFINER");
        statements.add("CREATE OR REPLACE PROCEDURE " + revoke + "(user_name VARCHAR) AS $$\nBEGIN\n"
                + "  EXECUTE 'ALTER GROUP " + group + " DROP USER ' || quote_ident(user_name);\nEND;\n$$ LANGUAGE plpgsql SECURITY DEFINER");
        statements.add("GRANT EXECUTE ON PROCEDURE " + impersonate + "(VARCHAR) TO GROUP " + group);
        return List.copyOf(statements);
    }

    /** Runs {@link #impersonationProcedures} on {@code managedDatabase}, a connection as the procedures' owner. */
    public static void apply(Connection managedDatabase, RedshiftConfig config) throws SQLException {
        try (Statement statement = managedDatabase.createStatement()) {
            for (String sql : impersonationProcedures(config)) {
                statement.execute(sql);
            }
        }
    }
}
