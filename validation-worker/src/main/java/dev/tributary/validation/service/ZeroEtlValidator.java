package dev.tributary.validation.service;

import dev.tributary.support.rds.AwsFaults;
import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.messaging.IntegrationCommand;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.DataFilter;
import dev.tributary.contracts.zeroetl.DataFilterException;
import dev.tributary.contracts.zeroetl.GovernedEndpoint;
import dev.tributary.contracts.zeroetl.ZeroEtlTarget;
import dev.tributary.support.rds.RdsClients;
import dev.tributary.support.rds.RedshiftApiClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.IntegrationNotFoundException;
import software.amazon.awssdk.services.rds.model.RdsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The validation tests of a zero-ETL integration, against the RDS API and the target's Redshift APIs. A create is
 * checked before anything exists: the source and its parameters, the target's case sensitivity and resource policy,
 * the filter and materialisation a PostgreSQL source needs, and a warning when the target also holds a governance
 * integration. An adoption creates nothing, so the integration must be known to RDS and the rest only warns.
 */
@ApplicationScoped
public class ZeroEtlValidator {
    public static final String SOURCE_EXISTS = "Validate Zero-ETL: Source Exists";
    public static final String KMS_KEY_FORM = "Validate Zero-ETL: KMS Key Is Well Formed";
    public static final String FILTER_FITS_ENGINE = "Validate Zero-ETL: Data Filter Fits The Source Engine";
    public static final String KNOWN_TO_RDS = "Validate Zero-ETL: Integration Is Known To RDS";
    public static final String SOURCE_PARAMETERS = SourceParameters.TEST;
    public static final String CASE_SENSITIVE = TargetChecks.CASE_SENSITIVE;
    public static final String TARGET_AUTHORISES = TargetAuthorization.TEST;
    public static final String FILTER_INCLUDES = "Validate Zero-ETL: PostgreSQL Filter Includes A Database";
    public static final String SOURCE_DATABASE = "Validate Zero-ETL: Materialize Names The Source Database";
    public static final String NO_GOVERNANCE = "Validate Zero-ETL: Target Holds No Governance Integration";
    /** A key ARN, an alias ARN, a key id (UUID) or an alias name. */
    private static final Pattern KMS_KEY = Pattern.compile(
            "arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)"
                    + "|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|alias/[A-Za-z0-9/_-]+");

    @Inject
    RdsClients clients;
    @Inject
    RedshiftApiClients redshiftApis;

    /** The source as DescribeDBClusters or DescribeDBInstances reports it; {@code parameterGroup} is a cluster's. */
    record Source(String engine, String parameterGroup) {
        boolean postgres() {
            return DataFilter.SourceEngine.fromRdsEngine(engine) == DataFilter.SourceEngine.POSTGRESQL;
        }
    }

    public ValidationResults validate(IntegrationCommand command) {
        ZeroEtlConfig config = command.spec().zeroEtl();
        Operation operation = command.operation();
        if (operation == Operation.DELETE) {
            return ValidationResults.of(List.of(command.providerArn() == null
                    ? ValidationTest.skipped(KNOWN_TO_RDS, "The integration was never created in RDS; there is nothing to remove there.")
                    : ValidationTest.passed(KNOWN_TO_RDS, List.of(command.providerArn()))));
        }
        RdsClient rds = clients.forRegion(config.region());
        if (operation == Operation.REFRESH) {
            return ValidationResults.of(List.of(command.providerArn() == null
                    ? ValidationTest.failed(KNOWN_TO_RDS, "The integration was never created in RDS; there is nothing to refresh.")
                    : knownToRds(rds, command.providerArn(), "RDS no longer lists the integration: it was deleted outside"
                    + " this system. Delete it here and create it again.")));
        }
        boolean adopts = operation == Operation.CREATE && config.adopts();
        List<ValidationTest> tests = new ArrayList<>();
        if (adopts) {
            tests.add(knownToRds(rds, config.integrationArn(), "Check config.integrationArn: an adoption takes over an"
                    + " integration that exists in RDS."));
        }
        Optional<Source> source = source(rds, config, tests);
        tests.add(kmsKeyForm(config.kmsKeyId()));
        tests.add(filterFitsEngine(config.dataFilter(), source));
        tests.add(filterIncludes(config.dataFilter(), source));
        if (operation == Operation.CREATE) {
            tests.addAll(preflight(rds, config, source, command.governedEndpoints()));
        }
        if (adopts) {
            // nothing is created: what would stop a create only says what RDS may already report about this one
            tests.replaceAll(test -> test.name().equals(KNOWN_TO_RDS) ? test : Verdicts.demoted(test,
                    "(Adopted: nothing is created, so this does not stop the adoption.)"));
        }
        return ValidationResults.of(tests);
    }

    /** The tests only a create runs: what RDS and Redshift need before CreateIntegration, and the governance warning. */
    private List<ValidationTest> preflight(RdsClient rds, ZeroEtlConfig config, Optional<Source> source,
                                           List<GovernedEndpoint> governed) {
        List<ValidationTest> tests = new ArrayList<>();
        if (source.isEmpty()) {
            tests.add(ValidationTest.skipped(SOURCE_PARAMETERS, "The source was not found."));
        } else if (!config.sourceArn().contains(":cluster:")) {
            tests.add(ValidationTest.skipped(SOURCE_PARAMETERS, "The source is a DB instance, whose DB parameter group"
                    + " this test does not read; check binlog_format=ROW and binlog_row_image=full there yourself."));
        } else {
            tests.add(SourceParameters.check(rds, source.get().engine(), source.get().parameterGroup()));
        }
        List<TargetChecks.Endpoint> endpoints = new ArrayList<>();
        Optional<ZeroEtlTarget> target = ZeroEtlTarget.parse(config.targetArn());
        if (target.isEmpty()) {
            String reason = "config.targetArn " + config.targetArn() + " names no Redshift namespace: use " + ZeroEtlTarget.FORMS + ".";
            tests.add(ValidationTest.failed(CASE_SENSITIVE, reason));
            tests.add(ValidationTest.skipped(TARGET_AUTHORISES, reason));
        } else {
            TargetChecks.Target found = TargetChecks.describe(redshiftApis, target.get());
            tests.add(found.caseSensitivity());
            endpoints.addAll(found.endpoints());
            tests.add(TargetAuthorization.check(redshiftApis.redshift(target.get().region()), config));
        }
        tests.add(sourceDatabase(config.materialize(), source));
        if (config.materialize() != null) {
            endpoints.add(new TargetChecks.Endpoint(config.materialize().host(), config.materialize().port()));
        }
        tests.add(noGovernance(endpoints, governed));
        return tests;
    }

    /** Describes the integration {@code arn}: passed with its status, failed with {@code whenMissing} when RDS lacks it. */
    private static ValidationTest knownToRds(RdsClient rds, String arn, String whenMissing) {
        try {
            String status = rds.describeIntegrations(request -> request.integrationIdentifier(arn)).integrations().get(0)
                    .statusAsString();
            return ValidationTest.passed(KNOWN_TO_RDS, List.of(arn, status));
        } catch (IntegrationNotFoundException e) {
            return ValidationTest.failed(KNOWN_TO_RDS, AwsFaults.describe(e) + " " + whenMissing);
        } catch (RdsException e) {
            AwsFaults.rethrowIfPassing(e);
            return ValidationTest.failed(KNOWN_TO_RDS, AwsFaults.describe(e));
        }
    }

    /** Looks the source up (DescribeDBClusters or DescribeDBInstances) and records the test; empty when not found. */
    private static Optional<Source> source(RdsClient rds, ZeroEtlConfig config, List<ValidationTest> tests) {
        String arn = config.sourceArn();
        try {
            Source source;
            if (arn.contains(":cluster:")) {
                DBCluster cluster = rds.describeDBClusters(request -> request.dbClusterIdentifier(arn)).dbClusters().get(0);
                source = new Source(cluster.engine(), cluster.dbClusterParameterGroup());
            } else {
                source = new Source(rds.describeDBInstances(request -> request.dbInstanceIdentifier(arn)).dbInstances().get(0)
                        .engine(), null);
            }
            tests.add(ValidationTest.passed(SOURCE_EXISTS, List.of(source.engine())));
            return Optional.of(source);
        } catch (DbClusterNotFoundException | DbInstanceNotFoundException e) {
            tests.add(ValidationTest.failed(SOURCE_EXISTS, AwsFaults.describe(e) + " Check config.sourceArn and config.region."));
        } catch (RdsException e) {
            AwsFaults.rethrowIfPassing(e);
            tests.add(ValidationTest.failed(SOURCE_EXISTS, AwsFaults.describe(e)));
        }
        return Optional.empty();
    }

    static ValidationTest kmsKeyForm(String kmsKeyId) {
        if (kmsKeyId == null) {
            return ValidationTest.skipped(KMS_KEY_FORM, "No KMS key is given; RDS uses an AWS owned key.");
        }
        return KMS_KEY.matcher(kmsKeyId).matches() ? ValidationTest.passed(KMS_KEY_FORM, List.of())
                : ValidationTest.failed(KMS_KEY_FORM, "config.kmsKeyId " + kmsKeyId + " is not a key ARN, alias ARN, key id"
                + " or alias name.");
    }

    static ValidationTest filterFitsEngine(String dataFilter, Optional<Source> source) {
        if (dataFilter == null || source.isEmpty()) {
            return ValidationTest.skipped(FILTER_FITS_ENGINE, dataFilter == null
                    ? "No data filter is given; everything is replicated." : "The source's engine is unknown.");
        }
        try {
            DataFilter.parse(dataFilter).requireEngine(DataFilter.SourceEngine.fromRdsEngine(source.get().engine()));
            return ValidationTest.passed(FILTER_FITS_ENGINE, List.of(source.get().engine()));
        } catch (DataFilterException e) {
            return ValidationTest.failed(FILTER_FITS_ENGINE, "config.dataFilter: " + e.getMessage());
        }
    }

    /** A PostgreSQL source replicates nothing without a filter that includes a database: RDS requires one. */
    static ValidationTest filterIncludes(String dataFilter, Optional<Source> source) {
        if (source.isEmpty()) {
            return ValidationTest.skipped(FILTER_INCLUDES, "The source's engine is unknown.");
        }
        if (!source.get().postgres()) {
            return ValidationTest.skipped(FILTER_INCLUDES, "Only PostgreSQL sources need a filter; a " + source.get().engine()
                    + " source without one replicates everything.");
        }
        String example = " Name the database(s) to replicate, for example \"include: mydb.*.*\" (database.schema.table).";
        if (dataFilter == null) {
            return ValidationTest.failed(FILTER_INCLUDES, "A PostgreSQL source needs config.dataFilter with at least one"
                    + " include rule." + example);
        }
        boolean includes;
        try {
            includes = DataFilter.parse(dataFilter).includesAnything();
        } catch (DataFilterException e) {
            return ValidationTest.skipped(FILTER_INCLUDES, "config.dataFilter cannot be read; its own test says why.");
        }
        return includes ? ValidationTest.passed(FILTER_INCLUDES, List.of(dataFilter))
                : ValidationTest.failed(FILTER_INCLUDES, "config.dataFilter has only exclude rules, which replicate nothing"
                + " from a PostgreSQL source." + example);
    }

    /** {@code CREATE DATABASE … FROM INTEGRATION} needs the {@code DATABASE} clause for a PostgreSQL source. */
    static ValidationTest sourceDatabase(ZeroEtlConfig.Materialize materialize, Optional<Source> source) {
        if (materialize == null) {
            return ValidationTest.skipped(SOURCE_DATABASE, "No config.materialize is given; nothing is materialised.");
        }
        if (source.isEmpty()) {
            return ValidationTest.skipped(SOURCE_DATABASE, "The source's engine is unknown.");
        }
        if (!source.get().postgres()) {
            return ValidationTest.skipped(SOURCE_DATABASE, "Only PostgreSQL sources need it; a " + source.get().engine()
                    + " integration is materialised with all its databases.");
        }
        return materialize.sourceDatabase() != null ? ValidationTest.passed(SOURCE_DATABASE, List.of(materialize.sourceDatabase()))
                : ValidationTest.failed(SOURCE_DATABASE, "config.materialize.sourceDatabase is required for a PostgreSQL"
                + " source: name the source database to replicate (CREATE DATABASE … FROM INTEGRATION … DATABASE <name>),"
                + " one the data filter includes.");
    }

    /**
     * A warning when the target's endpoints (as the Redshift APIs report them, and {@code config.materialize}'s) are
     * those of a governance integration of this system: zero-ETL needs case-sensitive identifiers, governed views
     * need them off.
     */
    static ValidationTest noGovernance(List<TargetChecks.Endpoint> endpoints, List<GovernedEndpoint> governed) {
        if (endpoints.isEmpty()) {
            return ValidationTest.skipped(NO_GOVERNANCE, "The target's endpoints are unknown: it was not found, and"
                    + " config.materialize names no host.");
        }
        List<GovernedEndpoint> sharing = governed.stream()
                .filter(integration -> endpoints.stream().anyMatch(endpoint -> endpoint.sameAs(integration))).toList();
        if (sharing.isEmpty()) {
            return ValidationTest.passed(NO_GOVERNANCE, endpoints.stream().distinct().map(endpoint -> (Object) endpoint.toString()).toList());
        }
        List<String> ids = sharing.stream().map(GovernedEndpoint::integrationId).distinct().toList();
        return Verdicts.warning(NO_GOVERNANCE, List.copyOf(ids), "The target (" + sharing.get(0).host() + ":"
                + sharing.get(0).port() + ") is also the target of governance integration" + (ids.size() == 1 ? " " : "s ")
                + String.join(", ", ids) + " of this system. Governance needs enable_case_sensitive_identifier off and"
                + " zero-ETL needs it on: set it off for the governance integration's users (ALTER USER … SET"
                + " enable_case_sensitive_identifier TO false) and validate it again, or keep the two on separate targets.");
    }
}
