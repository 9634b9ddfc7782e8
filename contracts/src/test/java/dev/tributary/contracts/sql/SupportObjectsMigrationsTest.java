package dev.tributary.contracts.sql;

import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.RedshiftConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupportObjectsMigrationsTest {
    private static final RedshiftConfig IMPERSONATING = new RedshiftConfig("cluster.example.com", 5439, "immuta", "dev",
            new Impersonation(true, "immuta_impersonation"), AuthenticationType.USER_PASSWORD, null);
    private static final RedshiftConfig PLAIN = new RedshiftConfig("cluster.example.com", 5439, "immuta", "dev",
            Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null);

    @Test
    void fromVersionOneTheProceduresAreReplacedAsTheCurrentSetupCreatesThemAndPublicLosesExecute() {
        List<SetupStep> steps = SupportObjectsMigrations.steps(IMPERSONATING, SqlDialect.REDSHIFT, 1, "immuta_system");
        assertEquals(List.of("migrate-1-to-2-impersonation-procedures", "migrate-2-to-3-entitlement-tables"),
                steps.stream().map(SetupStep::name).toList());
        SetupStep created = new ManagedDatabaseSetup(IMPERSONATING, SqlDialect.REDSHIFT).createSteps(new SystemAccount("immuta_system", "pw"))
                .stream().filter(step -> step.name().equals("create-impersonation-procedures")).findFirst().orElseThrow();
        assertEquals(created.statements(), steps.get(0).statements(), "the migration ends where a new setup starts");
        assertEquals(SetupStep.Target.MANAGED_DATABASE, steps.get(0).database());
        String script = ManagedDatabaseSetup.script(steps, SetupStep.Target.MANAGED_DATABASE);
        assertTrue(script.contains("SET search_path TO pg_catalog"), script);
        assertTrue(script.contains("REVOKE EXECUTE ON PROCEDURE \"immuta_procedures\".\"grant_impersonation\"(VARCHAR) FROM PUBLIC"), script);
        assertTrue(SupportObjectsMigrations.needsOwner(IMPERSONATING, 1), "replacing a procedure takes its owner");
    }

    @Test
    void fromVersionTwoTheEntitlementTablesAreCreatedAsANewSetupCreatesThemAndTheSystemAccountGetsThem() {
        List<SetupStep> steps = SupportObjectsMigrations.steps(IMPERSONATING, SqlDialect.REDSHIFT, 2, "immuta_system");
        assertEquals(List.of("migrate-2-to-3-entitlement-tables"), steps.stream().map(SetupStep::name).toList());
        List<String> created = new ManagedDatabaseSetup(IMPERSONATING, SqlDialect.REDSHIFT).createSteps(new SystemAccount("immuta_system", "pw"))
                .stream().filter(step -> step.name().equals("create-support-tables")).findFirst().orElseThrow().statements();
        List<String> migrated = steps.get(0).statements();
        assertTrue(created.containsAll(migrated.subList(0, migrated.size() - 1)), "the migration creates what a new setup creates");
        assertEquals("GRANT ALL ON ALL TABLES IN SCHEMA \"immuta_system\" TO \"immuta_system\"", migrated.get(migrated.size() - 1));
        assertEquals(List.of(migrated.get(migrated.size() - 1)), steps.get(0).whenPresent(), "what is there already is only granted");
        assertTrue(steps.get(0).existenceCheck().contains("viewname = 'user_groups'"), steps.get(0).existenceCheck());
        assertFalse(SupportObjectsMigrations.needsOwner(IMPERSONATING, 2), "the system account may create tables in its schema");
    }

    @Test
    void withoutImpersonationOnlyTheEntitlementTablesAreNewAndAtTheCurrentVersionNothingIs() {
        assertEquals(List.of("migrate-2-to-3-entitlement-tables"), SupportObjectsMigrations.steps(PLAIN, SqlDialect.REDSHIFT, 1, "immuta_system")
                .stream().map(SetupStep::name).toList(), "only the entitlement tables are new without impersonation");
        assertFalse(SupportObjectsMigrations.needsOwner(PLAIN, 1));
        assertEquals(List.of(), SupportObjectsMigrations.steps(IMPERSONATING, SqlDialect.POSTGRESQL,
                ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION, "immuta_system"));
        assertFalse(SupportObjectsMigrations.needsOwner(IMPERSONATING, ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION));
    }

    @Test
    void anUnknownVersionIsRefusedNamingTheKnownOnes() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SupportObjectsMigrations.steps(PLAIN, SqlDialect.REDSHIFT, ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION + 1, "a"));
        assertTrue(refused.getMessage().contains("known: 1 to " + ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION), refused.getMessage());
    }
}
