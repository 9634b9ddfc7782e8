package dev.tributary.sandbox.testing;

import dev.tributary.sandbox.kafka.KafkaBroker;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.rds.RdsStandIn;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Real infrastructure for a service's {@code @QuarkusTest}s: a Kafka broker in its own JVM (one per test JVM), a
 * fresh PostgreSQL database for the service, with {@code redshift=true} a Redshift stand-in, and with
 * {@code rds=true} an RDS stand-in. Init args: {@code service} (database name part), {@code redshift}, {@code rds}.
 */
public class TributaryTestResource implements QuarkusTestResourceLifecycleManager {
    private static KafkaBroker broker;

    private final LocalPostgres postgres = LocalPostgres.fromEnvironment();
    private String service = "service";
    private boolean withRedshift;
    private boolean withRds;
    private RdsStandIn rds;
    private String database;
    private RedshiftStandIn redshift;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.getOrDefault("service", service);
        withRedshift = Boolean.parseBoolean(initArgs.getOrDefault("redshift", "false"));
        withRds = Boolean.parseBoolean(initArgs.getOrDefault("rds", "false"));
    }

    @Override
    public Map<String, String> start() {
        try {
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", sharedBroker().bootstrapServers());
            database = "tributary_test_" + service + "_" + UUID.randomUUID().toString().substring(0, 8);
            postgres.createDatabase(database);
            config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
            config.put("quarkus.datasource.username", postgres.adminUser());
            config.put("quarkus.datasource.password", postgres.adminPassword());
            Path keyFile = Files.createTempDirectory("tributary-test").resolve("sealing.key");
            config.put("tributary.sealing.key-file", keyFile.toString());
            if (withRedshift) {
                redshift = RedshiftStandIn.start(postgres, 0, RedshiftStandIn.DEFAULT_PASSWORD);
                config.put("tributary.test.redshift.port", Integer.toString(redshift.port()));
                config.put("tributary.redshift.ssl", "false");
            }
            if (withRds) {
                rds = RdsStandIn.start(0, Duration.ofMillis(500), RdsStandIn.DEFAULT_SOURCES);
                config.put("tributary.rds.endpoint", rds.endpoint());
                config.put("tributary.test.rds.endpoint", rds.endpoint());
                // the SDK's default credentials chain reads these system properties
                System.setProperty("aws.accessKeyId", "stand-in");
                System.setProperty("aws.secretAccessKey", "stand-in");
            }
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test infrastructure", e);
        }
    }

    private static synchronized KafkaBroker sharedBroker() throws Exception {
        if (broker == null) {
            Path lib = Path.of(System.getProperty("tributary.kafka.lib", "../sandbox/target/kafka-lib"));
            Path dataDir = Files.createTempDirectory("tributary-kafka");
            broker = KafkaBroker.start(lib, dataDir, KafkaBroker.freePort(), KafkaBroker.freePort(),
                    Path.of("target", "kafka-broker.log"));
            KafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                deleteQuietly(dataDir);
            }));
        }
        return broker;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary directory; the system cleans it up eventually
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
            if (database != null) {
                postgres.dropDatabase(database);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot clean up the test infrastructure", e);
        }
    }
}
