package dev.tributary.bootstrap.service;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.StepCompleted;
import dev.tributary.contracts.payload.AuthenticationType;
import dev.tributary.contracts.payload.Credentials;
import dev.tributary.contracts.payload.Impersonation;
import dev.tributary.contracts.payload.RedshiftConfig;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.sql.SqlDialect;
import dev.tributary.contracts.zeroetl.MaterializeStatements;
import dev.tributary.support.redshift.RedshiftTargets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * The Redshift database a zero-ETL integration is materialised as ({@code materialize} in its config): the
 * {@value ZeroEtlProvisioner#MATERIALIZE_STEP} step makes it, the {@value ZeroEtlProvisioner#REFRESH_STEP} step asks
 * Redshift to replicate its tables in error again. Both sign in with the login sealed for the command. On another
 * engine than Redshift (the local PostgreSQL stand-in) a step is skipped, and says which statement it would have run.
 */
@ApplicationScoped
public class MaterializedDatabase {
    @Inject
    RedshiftTargets targets;

    /** What a step does once it is connected to Redshift: returns its outcome. */
    private interface OnRedshift {
        String run(Statement statement) throws SQLException;
    }

    /** {@code CREATE DATABASE … FROM INTEGRATION}, unless the database exists already (an earlier attempt made it). */
    public StepCompleted materialize(ZeroEtlConfig.Materialize target, Credentials login, String integrationArn) throws SQLException {
        String create = MaterializeStatements.createDatabase(target, MaterializeStatements.integrationId(integrationArn));
        return onRedshift(Operation.CREATE, ZeroEtlProvisioner.MATERIALIZE_STEP, target, login, create, statement -> {
            try (ResultSet rows = statement.executeQuery(MaterializeStatements.databaseExists(target.database()))) {
                if (rows.next()) {
                    return StepCompleted.ALREADY_PRESENT;
                }
            }
            statement.execute(create);
            return StepCompleted.DONE;
        });
    }

    /** {@code ALTER DATABASE … INTEGRATION REFRESH INERROR TABLES}; Redshift refreshes them in the background. */
    public StepCompleted refreshInErrorTables(ZeroEtlConfig.Materialize target, Credentials login) throws SQLException {
        String refresh = MaterializeStatements.refreshInErrorTables(target.database());
        return onRedshift(Operation.REFRESH, ZeroEtlProvisioner.REFRESH_STEP, target, login, refresh, statement -> {
            statement.execute(refresh);
            return StepCompleted.DONE;
        });
    }

    private StepCompleted onRedshift(Operation operation, String step, ZeroEtlConfig.Materialize target, Credentials login,
                                     String sql, OnRedshift work) throws SQLException {
        Instant started = Instant.now();
        RedshiftConfig connection = new RedshiftConfig(target.host(), target.port(), target.database(), target.initialDatabase(),
                Impersonation.DISABLED, AuthenticationType.USER_PASSWORD, null);
        // the initial database: the integration's own does not exist before the materialisation
        try (Connection redshift = targets.open(connection, login, target.initialDatabase());
             Statement statement = redshift.createStatement()) {
            String version;
            try (ResultSet rows = statement.executeQuery("SELECT version()")) {
                rows.next();
                version = rows.getString(1);
            }
            if (SqlDialect.fromVersion(version) != SqlDialect.REDSHIFT) {
                return new StepCompleted(operation, step, started, Instant.now(), StepCompleted.SKIPPED, "The target reports "
                        + version.split(" ")[0] + ", not Redshift; " + sql + " needs a Redshift cluster.");
            }
            String outcome = work.run(statement);
            return new StepCompleted(operation, step, started, Instant.now(), outcome, "database " + target.database());
        }
    }
}
