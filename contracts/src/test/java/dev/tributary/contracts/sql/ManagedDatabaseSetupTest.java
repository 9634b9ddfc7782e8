package dev.tributary.contracts.sql;

import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.RedshiftConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The setup SQL, compared with golden scripts reviewed by hand. */
class ManagedDatabaseSetupTest {
    private static final RedshiftConfig CONFIG = new RedshiftConfig("example.redshift.amazonaws.com", 5439, "immuta",
            "dev", new Impersonation(true, "immuta_impersonation"), AuthenticationType.USER_PASSWORD, null);

    private static String golden(String name) throws IOException {
        try (InputStream in = ManagedDatabaseSetupTest.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String fullScript(SqlDialect dialect) {
        List<SetupStep> steps = new ManagedDatabaseSetup(CONFIG, dialect).createSteps(new SystemAccount("immuta_system", "Gen3rated'Pass\\word"));
        return "-- in initialDatabase\n" + ManagedDatabaseSetup.script(steps, SetupStep.Target.INITIAL_DATABASE)
                + "-- in the managed database\n" + ManagedDatabaseSetup.script(steps, SetupStep.Target.MANAGED_DATABASE);
    }

    @Test
    void theRedshiftDialectProducesTheGoldenScript() throws IOException {
        assertEquals(golden("redshift-create.sql"), fullScript(SqlDialect.REDSHIFT));
    }

    @Test
    void thePostgresqlDialectProducesTheGoldenScript() throws IOException {
        assertEquals(golden("postgresql-create.sql"), fullScript(SqlDialect.POSTGRESQL));
    }

    @Test
    void stepsThatCreateObjectsCheckForThemFirstSoTheyCanBeRepeated() {
        List<SetupStep> steps = new ManagedDatabaseSetup(CONFIG, SqlDialect.REDSHIFT).createSteps(new SystemAccount("immuta_system", "pw"));
        for (SetupStep step : steps) {
            boolean createsWithoutGuard = step.statements().stream().anyMatch(sql ->
                    (sql.startsWith("CREATE DATABASE") || sql.startsWith("CREATE USER") || sql.startsWith("CREATE GROUP")));
            if (createsWithoutGuard) {
                assertNotNull(step.existenceCheck(), step.name());
            }
        }
        assertTrue(steps.stream().anyMatch(step -> step.name().equals("create-impersonation-group")));
    }

    @Test
    void withoutImpersonationThereIsNoGroup() {
        RedshiftConfig plain = new RedshiftConfig("h", 5439, "immuta", "dev", Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
        assertFalse(ManagedDatabaseSetup.script(new ManagedDatabaseSetup(plain, SqlDialect.REDSHIFT).createSteps(new SystemAccount("immuta_system", "pw")),
                SetupStep.Target.INITIAL_DATABASE).contains("GROUP"));
    }
}
