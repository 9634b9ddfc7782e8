package dev.tributary.validation.service;

import dev.tributary.contracts.lifecycle.Operation;
import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.validation.ValidationResults;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.DataFilter;
import dev.tributary.contracts.zeroetl.DataFilterException;
import dev.tributary.support.rds.RdsClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.RdsException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The validation tests of a zero-ETL integration, against the RDS API. */
@ApplicationScoped
public class ZeroEtlValidator {
    public static final String SOURCE_EXISTS = "Validate Zero-ETL: Source Exists";
    public static final String KMS_KEY_FORM = "Validate Zero-ETL: KMS Key Is Well Formed";
    public static final String FILTER_FITS_ENGINE = "Validate Zero-ETL: Data Filter Fits The Source Engine";
    public static final String KNOWN_TO_RDS = "Validate Zero-ETL: Integration Is Known To RDS";
    /** A key ARN, an alias ARN, a key id (UUID) or an alias name. */
    private static final Pattern KMS_KEY = Pattern.compile(
            "arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)"
                    + "|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|alias/[A-Za-z0-9/_-]+");

    @Inject
    RdsClients clients;

    public ValidationResults validate(Operation operation, ZeroEtlConfig config, String providerArn) {
        if (operation == Operation.DELETE) {
            return ValidationResults.of(List.of(providerArn == null
                    ? ValidationTest.skipped(KNOWN_TO_RDS, "The integration was never created in RDS; there is nothing to remove there.")
                    : ValidationTest.passed(KNOWN_TO_RDS, List.of(providerArn))));
        }
        List<ValidationTest> tests = new ArrayList<>();
        String engine = sourceEngine(clients.forRegion(config.region()), config, tests);
        if (config.kmsKeyId() == null) {
            tests.add(ValidationTest.skipped(KMS_KEY_FORM, "No KMS key is given; RDS uses an AWS owned key."));
        } else {
            tests.add(KMS_KEY.matcher(config.kmsKeyId()).matches() ? ValidationTest.passed(KMS_KEY_FORM, List.of())
                    : ValidationTest.failed(KMS_KEY_FORM, "config.kmsKeyId " + config.kmsKeyId() + " is not a key ARN,"
                    + " alias ARN, key id or alias name."));
        }
        if (config.dataFilter() == null || engine == null) {
            tests.add(ValidationTest.skipped(FILTER_FITS_ENGINE, config.dataFilter() == null
                    ? "No data filter is given; everything is replicated." : "The source's engine is unknown."));
        } else {
            try {
                DataFilter.parse(config.dataFilter()).requireEngine(DataFilter.SourceEngine.fromRdsEngine(engine));
                tests.add(ValidationTest.passed(FILTER_FITS_ENGINE, List.of(engine)));
            } catch (DataFilterException e) {
                tests.add(ValidationTest.failed(FILTER_FITS_ENGINE, "config.dataFilter: " + e.getMessage()));
            }
        }
        return ValidationResults.of(tests);
    }

    /** Looks the source up (DescribeDBClusters or DescribeDBInstances) and records the test; its engine, or null. */
    private static String sourceEngine(RdsClient rds, ZeroEtlConfig config, List<ValidationTest> tests) {
        String arn = config.sourceArn();
        try {
            String engine = arn.contains(":cluster:")
                    ? rds.describeDBClusters(request -> request.dbClusterIdentifier(arn)).dbClusters().get(0).engine()
                    : rds.describeDBInstances(request -> request.dbInstanceIdentifier(arn)).dbInstances().get(0).engine();
            tests.add(ValidationTest.passed(SOURCE_EXISTS, List.of(engine)));
            return engine;
        } catch (DbClusterNotFoundException | DbInstanceNotFoundException e) {
            tests.add(ValidationTest.failed(SOURCE_EXISTS, e.awsErrorDetails().errorCode() + ": "
                    + e.awsErrorDetails().errorMessage() + " Check config.sourceArn and config.region."));
        } catch (RdsException e) {
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                throw e; // the provider is busy or in trouble, not the request: retried
            }
            tests.add(ValidationTest.failed(SOURCE_EXISTS, e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage()));
        }
        return null;
    }
}
