package dev.tributary.gateway.service;

import dev.tributary.contracts.governance.GovernanceChange;
import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.governance.GovernedViews;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.FieldError;
import dev.tributary.contracts.payload.IntegrationRequest;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.payload.IntegrationType;
import dev.tributary.contracts.payload.InvalidRequestException;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.sql.ManagedDatabaseSetup;
import dev.tributary.contracts.sql.SetupStep;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.sql.SqlIdentifiers;
import dev.tributary.contracts.sql.SupportObjectsMigrations;
import dev.tributary.contracts.sql.SystemAccount;
import dev.tributary.gateway.api.ScriptAnswer;
import dev.tributary.gateway.persistence.IntegrationRecord;
import dev.tributary.gateway.persistence.IntegrationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static dev.tributary.contracts.sql.SetupStep.Target.INITIAL_DATABASE;
import static dev.tributary.contracts.sql.SetupStep.Target.MANAGED_DATABASE;

/**
 * The SQL scripts of manual setup, from the same steps the bootstrap-worker runs. Each answer says where to run
 * the script ({@link ScriptAnswer}). Passwords appear only as salted verifiers (SCRAM-SHA-256, or Redshift's {@code sha256|} form).
 */
@ApplicationScoped
public class ScriptService {
    @Inject
    IntegrationService integrations;
    @Inject
    IntegrationRepository registry;
    @Inject
    GovernedUsers users;
    @Inject
    DataSources dataSources;

    /**
     * The first script, for {@code initialDatabase}: the database, the system account, the group. Scripts are written
     * without connecting, so the names decide the mode: single-database when {@code database} is {@code initialDatabase}.
     */
    public ScriptAnswer initialCreate(IntegrationRequest request, SqlDialect dialect) {
        RedshiftConfig config = manual(request);
        return answer(config.initialDatabase(), dialect, ManagedDatabaseSetup.script(
                new ManagedDatabaseSetup(config, dialect).createSteps(account(request)), INITIAL_DATABASE));
    }

    /** The second script, for the new managed database: schemas, tables, grants, procedures. */
    public ScriptAnswer create(IntegrationRequest request, SqlDialect dialect) {
        RedshiftConfig config = manual(request);
        return answer(config.database(), dialect, ManagedDatabaseSetup.script(
                new ManagedDatabaseSetup(config, dialect).createSteps(account(request)), MANAGED_DATABASE));
    }

    /** The script that applies an edit of a manual integration, for its managed database. */
    public ScriptAnswer edit(String id, IntegrationRequest request, SqlDialect dialect) {
        IntegrationRecord current = integrations.get(id);
        redshift(current.spec());
        RedshiftConfig config = manual(request);
        IntegrationService.checkUnchangedTarget(current, request.spec());
        Optional<Credentials> account = integrations.systemAccount(current);
        if (account.isPresent() && !account.get().username().equals(request.credentials().username())) {
            throw new InvalidRequestException(new FieldError("config.username", "immutable",
                    "cannot change on edit (the system account is " + account.get().username() + ")"));
        }
        SystemAccount requested = account(request);
        boolean newPassword = !requested.federated()
                && (account.isEmpty() || !account.get().password().equals(request.credentials().password()));
        List<SetupStep> steps = new ManagedDatabaseSetup(config, dialect, current.databaseMode()).editSteps(current.spec().redshift(),
                request.credentials().username(), newPassword ? requested : null);
        return answer(config.database(), dialect, ManagedDatabaseSetup.script(steps, MANAGED_DATABASE));
    }

    /**
     * Removes what a create that did not succeed may have left. The mode is the one recorded for the failed create
     * (an automatic one into an existing database is single-database although its names differ), else the names'.
     * An automatic create whose mode was never decided never reached its setup: its database may be the customer's
     * own, so no script is written that could drop it. For {@code initialDatabase}, or the existing database itself in
     * single-database mode.
     */
    public ScriptAnswer cleanup(IntegrationRequest request, SqlDialect dialect) {
        RedshiftConfig config = redshift(request.spec());
        boolean automatic = request.spec().autoBootstrap();
        String account = automatic ? config.systemAccount() : request.credentials().username();
        Optional<IntegrationRecord> latest = registry.latestForDatabase(request.spec());
        DatabaseMode mode = latest.map(IntegrationRecord::databaseMode)
                .or(() -> DatabaseMode.fromNames(config, automatic))
                .orElseThrow(() -> new IntegrationConflictException(latest
                        .map(record -> "Integration " + record.id() + " never decided its database mode on "
                                + config.targetDescription() + ": its create ended before validation reached the target,"
                                + " so it set up nothing and there is nothing to clean up.")
                        .orElse("No automatic create of database " + config.database() + " on " + config.targetDescription()
                                + " is on record, so Tributary cannot tell whether that database is one it made; drop what"
                                + " is left by hand.")));
        return removal(new ManagedDatabaseSetup(config, dialect, mode), config, dialect, account, List.of());
    }

    /** Removes a successfully created integration's resources, in its recorded mode. */
    public ScriptAnswer delete(String id, SqlDialect dialect) {
        IntegrationRecord current = integrations.get(id);
        RedshiftConfig config = redshift(current.spec());
        String account = current.systemAccount() != null ? current.systemAccount() : config.systemAccount();
        return removal(new ManagedDatabaseSetup(config, dialect, current.databaseMode()), config, dialect, account,
                integrations.governedTables(current));
    }

    private static ScriptAnswer removal(ManagedDatabaseSetup setup, RedshiftConfig config, SqlDialect dialect, String account,
                                        List<GovernedTable> governed) {
        SetupStep.Target where = setup.removalTarget();
        return answer(where == INITIAL_DATABASE ? config.initialDatabase() : config.database(), dialect,
                ManagedDatabaseSetup.script(setup.deleteSteps(account, governed), where));
    }

    /**
     * The script that brings a manual integration's support objects from its recorded version to the running
     * system's, for its managed database (empty when it is current). Once it ran, POST /integrations/{id}/validate
     * with {@code supportObjectsVersion} records the new version.
     */
    public ScriptAnswer migrate(String id, SqlDialect dialect) {
        IntegrationRecord current = integrations.get(id);
        RedshiftConfig config = redshift(current.spec());
        String account = current.systemAccount() != null ? current.systemAccount() : config.systemAccount();
        List<SetupStep> steps = SupportObjectsMigrations.steps(config, dialect, current.supportObjectsVersion(), account);
        String script = "-- support objects version " + current.supportObjectsVersion() + " to "
                + ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION + (steps.isEmpty() ? ": nothing to change" : "") + "\n"
                + ManagedDatabaseSetup.script(steps, MANAGED_DATABASE);
        return answer(config.database(), dialect, script);
    }

    /**
     * The script that brings a manual integration's governed data in step, for its managed database (where the views
     * live in both modes), in one transaction: every user's entry (deleted users' rows removed), the view of every
     * data source whose columns are known, and the drop of every view being deleted. A data source whose columns no
     * worker has read yet is named in a comment: the next check reads them. Once it ran, POST
     * /integrations/{id}/validate registers it.
     */
    public ScriptAnswer policies(String id, SqlDialect dialect) {
        IntegrationRecord current = integrations.get(id);
        RedshiftConfig config = redshift(current.spec());
        GovernedViews views = new GovernedViews(dialect);
        StringBuilder script = new StringBuilder("-- governed data of integration ").append(current.id()).append('\n');
        script.append("BEGIN;\n-- ").append(GovernanceChange.WRITE_PROFILE).append('\n');
        views.writeProfiles(users.allProfiles(), Instant.now()).forEach(statement -> script.append(statement).append(";\n"));
        for (GovernanceChange.View view : dataSources.views(current.id())) {
            GovernedTable table = view.table();
            String name = table.viewDisplayName() + " (data source " + view.dataSourceId() + ", table " + table.name() + ")";
            if (view.drop()) {
                script.append("-- ").append(GovernanceChange.DROP_VIEW).append(' ').append(name).append('\n');
                views.dropView(table).forEach(statement -> script.append(statement).append(";\n"));
            } else if (table.columns().isEmpty()) {
                script.append("-- ").append(name).append(": its columns are not known yet; POST /integrations/")
                        .append(current.id()).append("/validate reads them, then this script creates the view\n");
            } else {
                script.append("-- ").append(GovernanceChange.REPLACE_VIEW).append(' ').append(name).append('\n');
                try {
                    views.createView(table, view.rules()).forEach(statement -> script.append(statement).append(";\n"));
                } catch (GovernedViews.UnknownColumnsException e) {
                    // no view rather than one that leaves a misspelt column's real one clear
                    script.append("-- not created: ").append(e.getMessage()).append("; correct the policy first\n");
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException(new FieldError("dialect", "value", e.getMessage()));
                }
            }
        }
        script.append("COMMIT;\n");
        return answer(config.database(), dialect, script.toString());
    }

    public static SqlDialect dialect(String name) {
        try {
            return SqlDialect.fromName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(new FieldError("dialect", "enum", "must be one of: redshift, postgresql"));
        }
    }

    /** Scripts exist for governance integrations only. */
    private static RedshiftConfig redshift(IntegrationSpec spec) {
        if (spec.type() != IntegrationType.REDSHIFT) {
            throw new InvalidRequestException(new FieldError("type", "value", "must be Redshift: scripts set up governance integrations"));
        }
        return spec.redshift();
    }

    private static RedshiftConfig manual(IntegrationRequest request) {
        redshift(request.spec());
        if (request.spec().autoBootstrap()) {
            throw new InvalidRequestException(new FieldError("autoBootstrap", "value",
                    "must be false: scripts are for manual setup"));
        }
        return request.spec().redshift();
    }

    /**
     * Whom the scripts set up as the system account: the user and password given, or with Okta the database user
     * the Okta identity maps to, which keeps signing in through Okta and gets no password. That user is taken to be
     * the Okta user name ({@code config.okta.username}), the DbUser that Okta's AWS app sends by default.
     */
    private static SystemAccount account(IntegrationRequest request) {
        Credentials credentials = request.credentials();
        return request.spec().redshift().authenticationType() == AuthenticationType.OKTA
                ? SystemAccount.federated(credentials.username())
                : new SystemAccount(credentials.username(), credentials.password());
    }

    /** Names the database to run the script in as the catalog holds it, which a client can connect to by that name. */
    private static ScriptAnswer answer(String database, SqlDialect dialect, String script) {
        return new ScriptAnswer(SqlIdentifiers.catalogName(database), dialect.name().toLowerCase(Locale.ROOT), script);
    }
}
