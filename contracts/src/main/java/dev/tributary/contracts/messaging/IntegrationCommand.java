package dev.tributary.contracts.messaging;

import dev.tributary.contracts.governance.GovernedTable;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.DatabaseMode;
import dev.tributary.contracts.payload.IntegrationSpec;
import dev.tributary.contracts.zeroetl.GovernedEndpoint;

import java.time.Instant;
import java.util.List;

/**
 * An operation to carry out on an integration.
 *
 * @param previousSpec      the integration as it stands, for edits (null otherwise)
 * @param sealedCredentials a sealed JSON {@link dev.tributary.contracts.payload.Credentials}: the privileged ones for
 *                          automatic setups, the system account's for manual ones, the Redshift login of a zero-ETL
 *                          materialisation; null when the operation needs none. Never on a topic in the clear.
 * @param providerArn       the provider's identifier once it exists (a zero-ETL integration's IntegrationArn)
 * @param deadline          when the gateway ends the operation as failed if no outcome has arrived; a worker starts
 *                          no step after it. Null in commands written before deadlines travelled (no limit then).
 * @param databaseMode      where a governance integration's support schemas go ({@link DatabaseMode}): the recorded
 *                          mode for edits and deletes, the mode the names decide for creates; null on an automatic
 *                          create whose validation decides it (the validation-worker sets it on the work item), and
 *                          in commands written before modes existed (multi-database then)
 * @param supportObjectsVersion the version of the support objects in the target, for a migration (which brings them
 *                              from it to the worker's {@link dev.tributary.contracts.sql.ManagedDatabaseSetup#SUPPORT_OBJECTS_VERSION});
 *                              null for other operations
 * @param governedTables        for a delete, the data sources whose views the integration made (their views, view
 *                              schemas and the system account's rights on their tables are removed with it); empty
 *                              otherwise
 * @param governedEndpoints     for a zero-ETL create, the governance integrations of this system whose hosts could be
 *                              the target's (same region, or a host that names none), for the preflight's warning;
 *                              empty otherwise
 */
public record IntegrationCommand(Operation operation, IntegrationSpec spec, IntegrationSpec previousSpec,
                                 String sealedCredentials, String providerArn, Instant deadline, DatabaseMode databaseMode,
                                 Integer supportObjectsVersion, List<GovernedTable> governedTables,
                                 List<GovernedEndpoint> governedEndpoints) {

    public IntegrationCommand {
        governedTables = governedTables == null ? List.of() : List.copyOf(governedTables);
        governedEndpoints = governedEndpoints == null ? List.of() : List.copyOf(governedEndpoints);
    }

    public IntegrationCommand(Operation operation, IntegrationSpec spec, IntegrationSpec previousSpec,
                              String sealedCredentials, String providerArn, Instant deadline, DatabaseMode databaseMode,
                              Integer supportObjectsVersion, List<GovernedTable> governedTables) {
        this(operation, spec, previousSpec, sealedCredentials, providerArn, deadline, databaseMode, supportObjectsVersion,
                governedTables, null);
    }

    public IntegrationCommand(Operation operation, IntegrationSpec spec, IntegrationSpec previousSpec,
                              String sealedCredentials, String providerArn, Instant deadline, DatabaseMode databaseMode,
                              Integer supportObjectsVersion) {
        this(operation, spec, previousSpec, sealedCredentials, providerArn, deadline, databaseMode, supportObjectsVersion, null);
    }

    public IntegrationCommand(Operation operation, IntegrationSpec spec, IntegrationSpec previousSpec,
                              String sealedCredentials, String providerArn, Instant deadline) {
        this(operation, spec, previousSpec, sealedCredentials, providerArn, deadline, null, null, null);
    }

    public IntegrationCommand(Operation operation, IntegrationSpec spec, String sealedCredentials, Instant deadline) {
        this(operation, spec, null, sealedCredentials, null, deadline, null, null, null);
    }

    public IntegrationCommand withDatabaseMode(DatabaseMode mode) {
        return new IntegrationCommand(operation, spec, previousSpec, sealedCredentials, providerArn, deadline, mode,
                supportObjectsVersion, governedTables, governedEndpoints);
    }

    public IntegrationCommand withGovernedEndpoints(List<GovernedEndpoint> endpoints) {
        return new IntegrationCommand(operation, spec, previousSpec, sealedCredentials, providerArn, deadline, databaseMode,
                supportObjectsVersion, governedTables, endpoints);
    }
}
