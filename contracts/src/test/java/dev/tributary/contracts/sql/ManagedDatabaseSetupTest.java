package dev.tributary.contracts.sql;

import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.RedshiftConfig;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The setup SQL, compared with golden scripts reviewed by hand. */
class ManagedDatabaseSetupTest {
    private static final RedshiftConfig CONFIG = new RedshiftConfig("example.redshift.amazonaws.com", 5439, "immuta",
            "dev", new Impersonation(true, "immuta_impersonation"), AuthenticationType.USER_PASSWORD, null);
    private static final String PASSWORD = "Gen3rated'Pass\\word";

    /**
     * The password verifiers carry a fresh random salt, so the golden scripts hold a placeholder where they stand.
     * The patterns are exact, so a verifier of another shape still fails the comparison; the tests below check what
     * the verifiers hold.
     * PostgreSQL: {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} in Base64 (PostgreSQL's
     * documentation, System Catalogs, pg_authid). Redshift: {@code sha256|<digest>|<256-bit salt>} (AWS's Redshift
     * Database Developer Guide, CREATE USER, Parameters, PASSWORD 'sha256hash'; ALTER USER takes the same form).
     */
    private static final Pattern SCRAM_LITERAL = Pattern.compile(
            "'SCRAM-SHA-256\\$(4096):([A-Za-z0-9+/]{22}==)\\$([A-Za-z0-9+/]{43}=):([A-Za-z0-9+/]{43}=)'");
    private static final Pattern SHA256_LITERAL = Pattern.compile("'sha256\\|([0-9a-f]{64})\\|([0-9a-f]{64})'");

    private static String golden(String name) throws IOException {
        try (InputStream in = ManagedDatabaseSetupTest.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String fullScript(SqlDialect dialect) {
        return fullScript(dialect, CONFIG);
    }

    private static String fullScript(SqlDialect dialect, RedshiftConfig config) {
        List<SetupStep> steps = new ManagedDatabaseSetup(config, dialect).createSteps(new SystemAccount(config.systemAccount(), PASSWORD));
        return "-- in initialDatabase\n" + ManagedDatabaseSetup.script(steps, SetupStep.Target.INITIAL_DATABASE)
                + "-- in the managed database\n" + ManagedDatabaseSetup.script(steps, SetupStep.Target.MANAGED_DATABASE);
    }

    private static String masked(String script) {
        String scram = SCRAM_LITERAL.matcher(script).replaceAll("'<SCRAM-SHA-256 verifier>'");
        return SHA256_LITERAL.matcher(scram).replaceAll("'<sha256 digest and salt>'");
    }

    /** The one verifier in {@code script}, its groups matched. */
    private static Matcher onlyVerifier(Pattern literal, String script) {
        assertEquals(1, literal.matcher(script).results().count(), script);
        Matcher verifier = literal.matcher(script);
        verifier.find();
        return verifier;
    }

    @Test
    void namesWrittenInAnotherCaseProduceTheSameSqlSinceRedshiftFoldsThem() {
        RedshiftConfig shouting = new RedshiftConfig("example.redshift.amazonaws.com", 5439, "IMMUTA", "DEV",
                new Impersonation(true, "Immuta_Impersonation"), AuthenticationType.USER_PASSWORD, null);
        assertEquals("immuta_system", shouting.systemAccount());
        for (SqlDialect dialect : SqlDialect.values()) {
            assertEquals(masked(fullScript(dialect)), masked(fullScript(dialect, shouting)), dialect.name());
        }
    }

    @Test
    void theRedshiftDialectProducesTheGoldenScript() throws IOException {
        assertEquals(golden("redshift-create.sql"), masked(fullScript(SqlDialect.REDSHIFT)));
    }

    @Test
    void thePostgresqlDialectProducesTheGoldenScript() throws IOException {
        assertEquals(golden("postgresql-create.sql"), masked(fullScript(SqlDialect.POSTGRESQL)));
    }

    /** Single-database mode: the support schemas go into {@code dev}, the database the setup connects to. */
    private static final RedshiftConfig SINGLE = new RedshiftConfig("example.redshift.amazonaws.com", 5439, "dev",
            "dev", new Impersonation(true, "immuta_impersonation"), AuthenticationType.USER_PASSWORD, null);

    private static String singleDatabaseScripts(SqlDialect dialect) {
        ManagedDatabaseSetup setup = new ManagedDatabaseSetup(SINGLE, dialect, DatabaseMode.SINGLE_DATABASE);
        List<SetupStep> steps = setup.createSteps(new SystemAccount("dev_system", PASSWORD));
        return "-- setup, first script\n" + ManagedDatabaseSetup.script(steps, SetupStep.Target.INITIAL_DATABASE)
                + "-- setup, second script\n" + ManagedDatabaseSetup.script(steps, SetupStep.Target.MANAGED_DATABASE)
                + "-- removal\n" + ManagedDatabaseSetup.script(setup.deleteSteps("dev_system"), setup.removalTarget());
    }

    @Test
    void theRedshiftDialectProducesTheGoldenSingleDatabaseScripts() throws IOException {
        assertEquals(golden("redshift-single-database.sql"), masked(singleDatabaseScripts(SqlDialect.REDSHIFT)));
    }

    @Test
    void thePostgresqlDialectProducesTheGoldenSingleDatabaseScripts() throws IOException {
        assertEquals(golden("postgresql-single-database.sql"), masked(singleDatabaseScripts(SqlDialect.POSTGRESQL)));
    }

    @Test
    void aSingleDatabaseSetupNeitherCreatesNorDropsADatabaseNorRevokesFromPublic() {
        for (SqlDialect dialect : SqlDialect.values()) {
            String scripts = singleDatabaseScripts(dialect);
            for (String forbidden : List.of("CREATE DATABASE", "DROP DATABASE", "REVOKE ALL")) {
                assertFalse(scripts.contains(forbidden), dialect + " " + forbidden + ":\n" + scripts);
            }
            // on the database itself, only the account the setup creates gains (and later loses) anything
            scripts.lines().filter(line -> line.contains(" ON DATABASE ")).forEach(line ->
                    assertTrue(line.endsWith(" \"dev_system\";"), dialect + ": " + line));
            ManagedDatabaseSetup setup = new ManagedDatabaseSetup(SINGLE, dialect, DatabaseMode.SINGLE_DATABASE);
            assertEquals(SetupStep.Target.MANAGED_DATABASE, setup.removalTarget(), "the removal runs in the database itself");
            assertTrue(setup.deleteSteps("dev_system").stream().allMatch(step -> step.database() == SetupStep.Target.MANAGED_DATABASE));
        }
    }

    @Test
    void aSingleDatabaseRemovalTakesTheGovernedViewsTheirOwnSchemasAndTheRightsOnTheTablesBeforeTheAccount() {
        ManagedDatabaseSetup setup = new ManagedDatabaseSetup(SINGLE, SqlDialect.REDSHIFT, DatabaseMode.SINGLE_DATABASE);
        List<GovernedTable> governed = List.of(
                new GovernedTable(null, "public", "Orders", List.of("id"), "public_governed", "Orders"),
                new GovernedTable(null, "public", "refunds", List.of(), "Public_Governed", "refunds"));
        List<SetupStep> steps = setup.deleteSteps("dev_system", governed);
        assertEquals(List.of("drop-governed-view-public_governed.orders", "drop-governed-view-public_governed.refunds",
                        "drop-view-schema-public_governed", "revoke-table-access-public.orders", "revoke-table-access-public.refunds",
                        "drop-support-schemas", "revoke-database-access", "drop-system-account", "drop-impersonation-group"),
                steps.stream().map(SetupStep::name).toList());
        SetupStep view = steps.get(0);
        assertEquals(List.of(), view.statements(), "a view the customer owns is left alone");
        assertEquals(List.of("DROP VIEW IF EXISTS \"public_governed\".\"orders\""), view.whenPresent());
        assertTrue(view.existenceCheck().endsWith("viewowner = 'dev_system'"), view.existenceCheck());
        steps = steps.subList(1, steps.size());
        SetupStep schema = steps.get(1);
        assertEquals(List.of(), schema.statements(), "a view schema the customer owns is left alone");
        assertEquals(List.of("DROP SCHEMA \"public_governed\""), schema.whenPresent(), "never CASCADE: only an emptied schema goes");
        assertTrue(schema.existenceCheck().contains("u.usename = 'dev_system'"), schema.existenceCheck());
        assertEquals(List.of("REVOKE ALL ON \"public\".\"orders\" FROM \"dev_system\"", "REVOKE USAGE ON SCHEMA \"public\" FROM \"dev_system\""),
                steps.get(2).whenPresent());
        assertTrue(steps.get(3).existenceCheck().contains("c.relname = 'refunds'"), "a table that is gone holds no rights: "
                + steps.get(3).existenceCheck());
        assertEquals(setup.deleteSteps("dev_system"), setup.deleteSteps("dev_system", List.of()), "nothing governed, nothing more");
        ManagedDatabaseSetup multi = new ManagedDatabaseSetup(CONFIG, SqlDialect.REDSHIFT, DatabaseMode.MULTI_DATABASE);
        assertEquals(multi.deleteSteps("dev_system"), multi.deleteSteps("dev_system", governed), "the views go with the managed database");
    }

    @Test
    void namesThatAreOneDatabaseAsTheEngineFoldsThemMakeASingleDatabaseSetupByDefault() {
        RedshiftConfig sameButCase = new RedshiftConfig("h", 5439, "dev", "DEV", Impersonation.DISABLED,
                AuthenticationType.USER_PASSWORD, null);
        List<SetupStep> steps = new ManagedDatabaseSetup(sameButCase, SqlDialect.REDSHIFT).createSteps(new SystemAccount("dev_system", "pw"));
        assertTrue(steps.stream().noneMatch(step -> step.name().equals("create-database")), steps.toString());
        assertTrue(new ManagedDatabaseSetup(CONFIG, SqlDialect.REDSHIFT).createSteps(new SystemAccount("immuta_system", "pw"))
                .stream().anyMatch(step -> step.name().equals("create-database")));
    }

    @Test
    void anOktaIdentitysDatabaseUserIsCreatedWithoutAPasswordAndGetsTheSystemAccountsGrants() {
        for (SqlDialect dialect : SqlDialect.values()) {
            List<SetupStep> steps = new ManagedDatabaseSetup(CONFIG, dialect).createSteps(SystemAccount.federated("taylor@redshift.com"));
            String script = ManagedDatabaseSetup.script(steps, SetupStep.Target.INITIAL_DATABASE)
                    + ManagedDatabaseSetup.script(steps, SetupStep.Target.MANAGED_DATABASE);
            assertTrue(script.contains(dialect == SqlDialect.REDSHIFT ? "CREATE USER \"taylor@redshift.com\" PASSWORD DISABLE;"
                    : "CREATE USER \"taylor@redshift.com\";"), script);
            assertFalse(script.contains("sha256|") || script.contains("SCRAM-SHA-256"), script);
            assertTrue(script.contains("GRANT ALL PRIVILEGES ON DATABASE \"immuta\" TO \"taylor@redshift.com\""), script);
        }
    }

    @Test
    void theVerifierInAPostgresqlScriptIsScramAndVerifiesItsPasswordOnly() throws GeneralSecurityException {
        Matcher verifier = onlyVerifier(SCRAM_LITERAL, fullScript(SqlDialect.POSTGRESQL));
        int iterations = Integer.parseInt(verifier.group(1));
        byte[] salt = Base64.getDecoder().decode(verifier.group(2));
        assertEquals(List.of(verifier.group(3), verifier.group(4)), scramKeys(PASSWORD, salt, iterations));
        assertNotEquals(List.of(verifier.group(3), verifier.group(4)), scramKeys("Gen3rated'Pass\\Word", salt, iterations));
    }

    @Test
    void theVerifierInARedshiftScriptIsTheSaltedSha256OfItsPasswordOnly() throws GeneralSecurityException {
        Matcher verifier = onlyVerifier(SHA256_LITERAL, fullScript(SqlDialect.REDSHIFT));
        byte[] salt = HexFormat.of().parseHex(verifier.group(2));
        assertEquals(verifier.group(1), saltedSha256(PASSWORD, salt));
        assertNotEquals(verifier.group(1), saltedSha256("Gen3rated'Pass\\Word", salt));
    }

    @Test
    void everyVerifierHasAFreshSalt() {
        for (SqlDialect dialect : SqlDialect.values()) {
            assertNotEquals(dialect.passwordLiteral("immuta_system", PASSWORD), dialect.passwordLiteral("immuta_system", PASSWORD),
                    dialect.name());
        }
    }

    /** StoredKey and ServerKey in Base64, computed here with the JDK's own PBKDF2 and HMAC (RFC 5802, section 3). */
    private static List<String> scramKeys(String password, byte[] salt, int iterations) throws GeneralSecurityException {
        byte[] saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        return List.of(Base64.getEncoder().encodeToString(storedKey),
                Base64.getEncoder().encodeToString(hmac(saltedPassword, "Server Key")));
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
    }

    private static String saltedSha256(String password, byte[] salt) throws GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(password.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha256.digest(salt));
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

    private static RedshiftConfig impersonatingAs(String group) {
        return new RedshiftConfig("h", 5439, "immuta", "dev", new Impersonation(true, group), AuthenticationType.USER_PASSWORD, null);
    }

    private static List<String> procedureStatements(RedshiftConfig config) {
        return new ManagedDatabaseSetup(config, SqlDialect.REDSHIFT).createSteps(new SystemAccount("immuta_system", "pw")).stream()
                .filter(step -> step.name().equals("create-impersonation-procedures"))
                .flatMap(step -> step.statements().stream())
                .filter(sql -> sql.startsWith("CREATE OR REPLACE PROCEDURE"))
                .toList();
    }

    @Test
    void aGroupNameHoldingTheBodyQuoteIsRefusedBeforeAnySqlIsWritten() {
        assertThrows(IllegalArgumentException.class, () -> procedureStatements(impersonatingAs("x" + SqlIdentifiers.BODY_QUOTE + "y")));
    }

    @Test
    void aGroupNameWithDollarSignsStaysInsideTheProcedureBody() {
        // "a$$b" is a valid identifier and would have closed a body quoted with a plain $$
        List<String> procedures = procedureStatements(impersonatingAs("imp$$x"));
        assertEquals(3, procedures.size());
        for (String procedure : procedures) {
            assertEquals(2, procedure.split(Pattern.quote(SqlIdentifiers.BODY_QUOTE), -1).length - 1, procedure);
            String afterBody = procedure.substring(procedure.lastIndexOf(SqlIdentifiers.BODY_QUOTE));
            assertTrue(afterBody.endsWith("LANGUAGE plpgsql SET search_path TO pg_catalog")
                    || afterBody.endsWith("LANGUAGE plpgsql SECURITY DEFINER SET search_path TO pg_catalog"), afterBody);
        }
        assertTrue(procedures.get(1).contains("'ALTER GROUP \"imp$$x\" ADD USER '"), procedures.get(1));
    }

    private static String editScript(SystemAccount newPassword, String systemAccount) {
        RedshiftConfig plain = new RedshiftConfig("h", 5439, "immuta", "dev", Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null);
        ManagedDatabaseSetup setup = new ManagedDatabaseSetup(CONFIG, SqlDialect.POSTGRESQL);
        List<SetupStep> steps = setup.editSteps(plain, systemAccount, newPassword);
        return ManagedDatabaseSetup.script(steps, SetupStep.Target.MANAGED_DATABASE);
    }

    @Test
    void anEditThatCreatesTheProceduresRevokesThemFromPublicAndGrantsThemToTheAccountItKnows() {
        for (String script : List.of(editScript(null, null), editScript(null, "manual_account"),
                editScript(new SystemAccount("manual_account", "pw"), "manual_account"))) {
            assertTrue(script.contains("REVOKE EXECUTE ON PROCEDURE \"immuta_procedures\".\"grant_impersonation\"(VARCHAR) FROM PUBLIC"), script);
            assertTrue(script.contains("SECURITY DEFINER SET search_path TO pg_catalog"), script);
        }
        assertFalse(editScript(null, null).contains("TO \"manual_account\""), "without a name the default privilege grants it");
        assertTrue(editScript(null, "manual_account").contains(
                "GRANT EXECUTE ON PROCEDURE \"immuta_procedures\".\"grant_impersonation\"(VARCHAR) TO \"manual_account\""));
        assertTrue(editScript(new SystemAccount("manual_account", "pw"), "manual_account").contains(
                "GRANT EXECUTE ON PROCEDURE \"immuta_procedures\".\"revoke_impersonation\"(VARCHAR) TO \"manual_account\""));
    }
}
