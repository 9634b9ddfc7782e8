package dev.tributary.sandbox.testing;

import dev.tributary.sandbox.okta.FederationStandIns;
import dev.tributary.sandbox.okta.OktaDirectory;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.rds.RdsStandIn;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.redshift.StatementHolds;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Real infrastructure for a service's {@code @QuarkusTest}s: the Kafka broker and PostgreSQL server of the test JVM
 * ({@link TestInfrastructureChoice}: local processes or containers), a fresh database on it for the service, with
 * {@code redshift=true} a Redshift stand-in in front of that server (its statement holds in the directory
 * {@code tributary.test.redshift.holds-dir}), with {@code rds=true} an RDS stand-in ({@code tributary.rds.endpoint},
 * also in {@code tributary.test.rds.endpoint}), and with {@code okta=true} the Okta, STS and Redshift-API stand-ins
 * ({@link FederationStandIns}, the Okta host in {@code tributary.test.okta.idp-host}) with the {@link OktaDirectory}
 * defaults, and the service's {@code tributary.redshift.okta.*} settings pointed at them. Zero-ETL needs the Redshift
 * API next to RDS, so {@code rds=true} starts those stand-ins too; with either, {@code tributary.redshift-api.endpoint}
 * (also in {@code tributary.test.redshift-api.endpoint}) is the Redshift-API stand-in's, without certificate checks.
 * Init args: {@code service} (database name part), {@code redshift}, {@code rds}, {@code okta}.
 */
public class TributaryTestResource implements QuarkusTestResourceLifecycleManager {
    private LocalPostgres postgres;
    private String service = "service";
    private boolean withRedshift;
    private boolean withRds;
    private boolean withOkta;
    private FederationStandIns federation;
    private RdsStandIn rds;
    private String database;
    private RedshiftStandIn redshift;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", service);
        withRedshift = Boolean.parseBoolean(initArgs.getOrDefault("redshift", "false"));
        withRds = Boolean.parseBoolean(initArgs.getOrDefault("rds", "false"));
        withOkta = Boolean.parseBoolean(initArgs.getOrDefault("okta", "false"));
    }

    @Override
    public Map<String, String> start() {
        try {
            TestInfrastructure infrastructure = TestInfrastructureChoice.shared();
            postgres = infrastructure.postgres();
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers());
            database = "tributary_test_" + service + "_" + UUID.randomUUID().toString().substring(0, 8);
            postgres.createDatabase(database);
            config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
            config.put("quarkus.datasource.username", postgres.adminUser());
            config.put("quarkus.datasource.password", postgres.adminPassword());
            Path keyFile = Files.createTempDirectory("tributary-test").resolve("sealing.key");
            config.put("tributary.sealing.key-file", keyFile.toString());
            if (withRedshift) {
                Path holds = keyFile.getParent().resolve("redshift-holds");
                redshift = RedshiftStandIn.start(postgres, 0, RedshiftStandIn.DEFAULT_PASSWORD)
                        .holdingStatements(new StatementHolds(holds));
                config.put("tributary.test.redshift.port", Integer.toString(redshift.port()));
                config.put("tributary.test.redshift.holds-dir", holds.toString());
                config.put("tributary.redshift.ssl", "false");
            }
            if (withOkta || withRds) {
                federation = FederationStandIns.start("127.0.0.1", 0, 0, 0, OktaDirectory.parse(OktaDirectory.DEFAULT_USERS,
                        OktaDirectory.DEFAULT_APPS), postgres, Set.of("taylor"));
                config.put("tributary.redshift-api.endpoint", federation.redshiftApiEndpoint());
                config.put("tributary.redshift-api.ssl-insecure", "true");
                config.put("tributary.test.redshift-api.endpoint", federation.redshiftApiEndpoint());
                // the SDK's default credentials chain reads these system properties
                System.setProperty("aws.accessKeyId", "stand-in");
                System.setProperty("aws.secretAccessKey", "stand-in");
            }
            if (withOkta) {
                config.put("tributary.test.okta.idp-host", federation.idpHost());
                config.put("tributary.redshift.okta.sts-endpoint", federation.stsEndpoint());
                config.put("tributary.redshift.okta.redshift-api-endpoint", federation.redshiftApiEndpoint());
                config.put("tributary.redshift.okta.region", "us-east-1");
                config.put("tributary.redshift.okta.role-account", OktaDirectory.ACCOUNT);
                config.put("tributary.redshift.okta.ssl-insecure", "true");
            }
            if (withRds) {
                rds = RdsStandIn.start(0, Duration.ofMillis(500), RdsStandIn.DEFAULT_SOURCES);
                config.put("tributary.rds.endpoint", rds.endpoint());
                config.put("tributary.test.rds.endpoint", rds.endpoint());
            }
            return config;
        } catch (Exception e) {
            // the cause's message first: it says which setting to change when the infrastructure is missing
            throw new IllegalStateException("cannot start the test infrastructure: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        try {
            if (redshift != null) {
                redshift.close();
            }
            if (rds != null) {
                rds.close();
            }
            if (federation != null) {
                federation.close();
            }
            if (database != null) {
                postgres.dropDatabase(database);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot clean up the test infrastructure", e);
        }
    }
}
