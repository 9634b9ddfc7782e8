package dev.tributary.validation.service;

import dev.tributary.contracts.payload.ZeroEtlConfig;
import dev.tributary.contracts.validation.TestStatus;
import dev.tributary.contracts.validation.ValidationTest;
import dev.tributary.contracts.zeroetl.GovernedEndpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The zero-ETL tests that need no AWS call: the filter and materialisation of PostgreSQL sources, the governance warning. */
class ZeroEtlRulesTest {
    private static final Optional<ZeroEtlValidator.Source> POSTGRES =
            Optional.of(new ZeroEtlValidator.Source("aurora-postgresql", "pg-params"));
    private static final Optional<ZeroEtlValidator.Source> MYSQL =
            Optional.of(new ZeroEtlValidator.Source("aurora-mysql", "mysql-params"));
    private static final TargetChecks.Endpoint TARGET =
            new TargetChecks.Endpoint("sandbox.c0ffee123456.us-east-1.redshift.amazonaws.com", 5439);

    @Test
    void aPostgresqlSourceWithoutAFilterFailsWithAnExample() {
        ValidationTest test = ZeroEtlValidator.filterIncludes(null, POSTGRES);
        assertEquals(TestStatus.FAILED, test.status());
        assertTrue(test.message().contains("include: mydb.*.*"), test.message());
    }

    @Test
    void aPostgresqlFilterOfOnlyExcludeRulesFails() {
        ValidationTest test = ZeroEtlValidator.filterIncludes("exclude: shop.*.*, exclude: crm.public.secrets", POSTGRES);
        assertEquals(TestStatus.FAILED, test.status());
        assertTrue(test.message().contains("only exclude rules"), test.message());
    }

    @Test
    void aPostgresqlFilterWithAnIncludeRuleAnywherePasses() {
        assertEquals(TestStatus.PASSED, ZeroEtlValidator.filterIncludes("include: shop.*.*", POSTGRES).status());
        assertEquals(TestStatus.PASSED,
                ZeroEtlValidator.filterIncludes("exclude: crm.*.*,  include : shop.public.orders", POSTGRES).status());
    }

    @Test
    void anIncludeRuleIsNotNeededForMysqlNorJudgedOnAFilterThatCannotBeRead() {
        assertEquals(TestStatus.SKIPPED, ZeroEtlValidator.filterIncludes(null, MYSQL).status());
        assertEquals(TestStatus.SKIPPED, ZeroEtlValidator.filterIncludes("include shop", POSTGRES).status());
        assertEquals(TestStatus.SKIPPED, ZeroEtlValidator.filterIncludes("include: shop.*.*", Optional.empty()).status());
    }

    @Test
    void materialisingAPostgresqlSourceNeedsItsSourceDatabase() {
        ValidationTest missing = ZeroEtlValidator.sourceDatabase(new ZeroEtlConfig.Materialize(TARGET.host(), 5439, "orders",
                "dev", null), POSTGRES);
        assertEquals(TestStatus.FAILED, missing.status());
        assertTrue(missing.message().contains("config.materialize.sourceDatabase is required"), missing.message());
        assertEquals(TestStatus.PASSED, ZeroEtlValidator.sourceDatabase(new ZeroEtlConfig.Materialize(TARGET.host(), 5439,
                "orders", "dev", "shop"), POSTGRES).status());
        assertEquals(TestStatus.SKIPPED, ZeroEtlValidator.sourceDatabase(new ZeroEtlConfig.Materialize(TARGET.host(), 5439,
                "orders", "dev", null), MYSQL).status());
        assertEquals(TestStatus.SKIPPED, ZeroEtlValidator.sourceDatabase(null, POSTGRES).status());
    }

    @Test
    void aGovernanceIntegrationOnTheTargetsHostAndPortIsAWarningNamingIt() {
        List<GovernedEndpoint> governed = List.of(new GovernedEndpoint("41", TARGET.host().toUpperCase(), 5439),
                new GovernedEndpoint("42", TARGET.host(), 5440), new GovernedEndpoint("43", "other.example.com", 5439));
        ValidationTest test = ZeroEtlValidator.noGovernance(List.of(TARGET), governed);
        assertEquals(TestStatus.WARNING, test.status());
        assertEquals(List.of("41"), test.result(), "the host without regard to case, and the port");
        assertTrue(test.message().contains("governance integration 41 of this system"), test.message());
        assertTrue(test.message().contains("Governance needs enable_case_sensitive_identifier off"), test.message());
    }

    @Test
    void theMaterializeHostCountsAsTheTargetsToo() {
        TargetChecks.Endpoint materialize = new TargetChecks.Endpoint("my-cluster.example.com", 5439);
        ValidationTest test = ZeroEtlValidator.noGovernance(List.of(TARGET, materialize),
                List.of(new GovernedEndpoint("7", "My-Cluster.example.com", 5439), new GovernedEndpoint("8", TARGET.host(), 5439)));
        assertEquals(TestStatus.WARNING, test.status());
        assertEquals(List.of("7", "8"), test.result());
        assertTrue(test.message().contains("governance integrations 7, 8"), test.message());
    }

    @Test
    void noGovernanceIntegrationThereIsAPassAndNoKnownEndpointASkip() {
        assertEquals(TestStatus.PASSED, ZeroEtlValidator.noGovernance(List.of(TARGET),
                List.of(new GovernedEndpoint("42", TARGET.host(), 5440))).status());
        assertEquals(TestStatus.SKIPPED, ZeroEtlValidator.noGovernance(List.of(), List.of()).status());
    }
}
