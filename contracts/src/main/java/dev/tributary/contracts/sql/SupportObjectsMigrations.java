package dev.tributary.contracts.sql;

import dev.tributary.contracts.governance.GovernedViews;
import dev.tributary.contracts.payload.RedshiftConfig;

import java.util.ArrayList;
import java.util.List;

import static dev.tributary.contracts.sql.SetupStep.Target.MANAGED_DATABASE;

/**
 * The steps that bring an integration's support objects from the version it has to
 * {@link ManagedDatabaseSetup#SUPPORT_OBJECTS_VERSION}. The bootstrap-worker runs them in one transaction of the
 * managed database, so a failure leaves the version before in place; the same steps are the manual integrations'
 * migration script. Every step may run again (CREATE OR REPLACE, REVOKE and GRANT change nothing the second time).
 */
public final class SupportObjectsMigrations {

    private SupportObjectsMigrations() {
    }

    /** The oldest version a migration starts from: integrations registered before versions were recorded have it. */
    public static final int FIRST_VERSION = 1;

    /**
     * The steps from {@code from} to the current version, for {@code config}; empty when there is nothing to change
     * (already current, or nothing of the older version differs for this config).
     *
     * @param systemAccount gets EXECUTE on procedures the steps create
     */
    public static List<SetupStep> steps(RedshiftConfig config, SqlDialect dialect, int from, String systemAccount) {
        if (from < FIRST_VERSION || from > ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION) {
            throw new IllegalArgumentException("no migration from support objects version " + from + " (known: "
                    + FIRST_VERSION + " to " + ManagedDatabaseSetup.SUPPORT_OBJECTS_VERSION + ")");
        }
        List<SetupStep> steps = new ArrayList<>();
        if (from < 2 && config.impersonationEnabled()) {
            steps.add(rename(new ManagedDatabaseSetup(config, dialect).impersonationProceduresStep(systemAccount),
                    "migrate-1-to-2-impersonation-procedures"));
        }
        if (from < 3) {
            // the system account may create tables in the support schema; when an administrator runs the step, the
            // grant gives the system account what it would have owned
            String grant = "GRANT ALL ON ALL TABLES IN SCHEMA " + SqlIdentifiers.quote(ManagedDatabaseSetup.SYSTEM_SCHEMA)
                    + " TO " + SqlIdentifiers.quoteUserName(systemAccount);
            List<String> statements = new ArrayList<>(new GovernedViews(dialect).entitlementObjects());
            statements.add(grant);
            // objects that are there already are left as they are: only their owner could replace the views, and the
            // system account may be migrating objects an administrator made
            steps.add(new SetupStep("migrate-2-to-3-entitlement-tables", MANAGED_DATABASE, "SELECT 1 FROM pg_views WHERE schemaname = "
                    + dialect.quoteLiteral(ManagedDatabaseSetup.SYSTEM_SCHEMA) + " AND viewname = "
                    + dialect.quoteLiteral(GovernedViews.USER_GROUPS_VIEW), statements, List.of(grant)));
        }
        return List.copyOf(steps);
    }

    /**
     * Whether the steps must run as the owner of the support objects (the administrator who set the integration up):
     * PostgreSQL and Redshift let only a routine's owner replace it or revoke from it, which the system account is
     * not. The gateway migrates by itself only what the system account may do.
     */
    public static boolean needsOwner(RedshiftConfig config, int from) {
        return from < 2 && config.impersonationEnabled();
    }

    private static SetupStep rename(SetupStep step, String name) {
        if (step.database() != MANAGED_DATABASE) {
            throw new IllegalStateException("a migration runs in the managed database only: " + step.name());
        }
        return new SetupStep(name, step.database(), step.existenceCheck(), step.statements(), step.whenPresent());
    }
}
