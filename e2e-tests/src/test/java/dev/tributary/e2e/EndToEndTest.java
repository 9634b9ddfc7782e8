package dev.tributary.e2e;

import dev.tributary.sandbox.postgres.LocalPostgres;
import org.junit.jupiter.api.BeforeAll;

/** What every end-to-end class shares: the running system, a client for its APIs, and the local PostgreSQL. */
abstract class EndToEndTest {
    static final LocalPostgres POSTGRES = LocalPostgres.fromEnvironment();
    static RunningSystem system;
    static Http http;

    @BeforeAll
    static void useTheRunningSystem() throws Exception {
        system = RunningSystem.shared();
        http = new Http(system);
    }

    /** Drops a database an automatic setup made, with its system account. */
    static void dropManagedDatabase(String database) throws Exception {
        POSTGRES.dropDatabase(database);
        POSTGRES.dropRole(database + "_system");
    }
}
