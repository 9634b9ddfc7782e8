package dev.tributary.sandbox;

import dev.tributary.sandbox.aws.TokenBucket;
import dev.tributary.sandbox.kafka.KafkaBroker;
import dev.tributary.sandbox.kafka.KafkaTopics;
import dev.tributary.sandbox.okta.FederationStandIns;
import dev.tributary.sandbox.okta.OktaDirectory;
import dev.tributary.sandbox.postgres.LocalPostgres;
import dev.tributary.sandbox.rds.RdsStandIn;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.redshift.SharedDatabase;
import dev.tributary.sandbox.redshift.StatementHolds;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Commands the {@code ./tributary} launcher uses to bring up the local infrastructure. */
public final class SandboxCli {

    private SandboxCli() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        switch (args[0]) {
            case "kafka-prepare" -> System.out.println(KafkaBroker.prepare(Path.of(args[1]), Path.of(args[2]),
                    Integer.parseInt(args[3]), Integer.parseInt(args[4])));
            case "kafka-topics" -> KafkaTopics.awaitBrokerAndCreateTopics(args[1], KafkaBroker.DEFAULT_PARTITIONS,
                    Duration.ofSeconds(Long.parseLong(args.length > 2 ? args[2] : "90")), () -> true);
            case "createdb" -> {
                LocalPostgres postgres = LocalPostgres.fromEnvironment();
                for (String name : Arrays.copyOfRange(args, 1, args.length)) {
                    postgres.createDatabase(name);
                }
            }
            case "dropdb" -> {
                LocalPostgres postgres = LocalPostgres.fromEnvironment();
                for (String name : Arrays.copyOfRange(args, 1, args.length)) {
                    postgres.dropDatabase(name);
                }
            }
            case "redshift" -> {
                String password = System.getenv().getOrDefault("TRIBUTARY_SANDBOX_PASSWORD", RedshiftStandIn.DEFAULT_PASSWORD);
                RedshiftStandIn standIn = RedshiftStandIn.start(LocalPostgres.fromEnvironment(),
                        Integer.parseInt(args[1]), password, openToNetwork());
                StatementHolds.fromEnvironment().ifPresent(standIn::holdingStatements);
                Optional<SharedDatabase> shared = SharedDatabase.fromEnvironment();
                if (shared.isPresent()) {
                    standIn.sharingDatabase(shared.get());
                    System.out.println("every database named " + shared.get().base() + "_<suffix> is " + shared.get().base()
                            + " (" + SharedDatabase.ENVIRONMENT + ")");
                }
                System.out.println("Redshift stand-in (PostgreSQL behind a wire adapter) listening on port " + standIn.port());
                Thread.currentThread().join();
            }
            case "rds" -> {
                String sources = System.getenv("TRIBUTARY_RDS_SOURCES");
                RdsStandIn standIn = RdsStandIn.start(openToNetwork() ? "0.0.0.0" : "127.0.0.1", Integer.parseInt(args[1]),
                        Duration.parse("PT" + System.getenv().getOrDefault("TRIBUTARY_RDS_TRANSITION_DELAY", "3S")),
                        sources == null || sources.isBlank() ? RdsStandIn.DEFAULT_SOURCES : List.of(sources.split(",")))
                        .limitingRequests(TokenBucket.parse(System.getenv().getOrDefault("TRIBUTARY_RDS_RATE_LIMIT", TokenBucket.RDS)));
                System.out.println("RDS stand-in (zero-ETL actions, AWS Query protocol) listening on port " + standIn.port());
                Thread.currentThread().join();
            }
            case "okta" -> {
                OktaDirectory directory = OktaDirectory.parse(
                        System.getenv().getOrDefault("TRIBUTARY_OKTA_USERS", OktaDirectory.DEFAULT_USERS),
                        System.getenv().getOrDefault("TRIBUTARY_OKTA_APPS", OktaDirectory.DEFAULT_APPS));
                Set<String> superusers = Set.of(System.getenv().getOrDefault("TRIBUTARY_OKTA_SUPERUSERS", "taylor").split(","));
                FederationStandIns standIns = FederationStandIns.start(openToNetwork() ? "0.0.0.0" : "127.0.0.1",
                        Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), directory,
                        LocalPostgres.fromEnvironment(), superusers);
                System.out.println("Okta stand-in (IdP for the driver's Okta plugin) at https://" + standIns.idpHost()
                        + ", STS stand-in (AssumeRoleWithSAML) at " + standIns.stsEndpoint()
                        + ", Redshift-API stand-in (GetClusterCredentials, and the zero-ETL target actions of the Redshift"
                        + " and Redshift Serverless APIs) at " + standIns.redshiftApiEndpoint()
                        + "; " + directory);
                Thread.currentThread().join();
            }
            default -> usage();
        }
    }

    /** TRIBUTARY_STANDIN_OPEN=true: the stand-ins take connections from other machines too (docker-compose). */
    private static boolean openToNetwork() {
        return Boolean.parseBoolean(System.getenv("TRIBUTARY_STANDIN_OPEN"));
    }

    private static void usage() {
        System.err.println("""
                usage: sandbox kafka-prepare <kafka-lib> <data-dir> <port> <controller-port>
                       sandbox kafka-topics <bootstrap-servers> [timeout-seconds]
                       sandbox createdb <name>...
                       sandbox dropdb <name>...
                       sandbox redshift <port>
                       sandbox rds <port>
                       sandbox okta <idp-port> <sts-port> <redshift-api-port>""");
        System.exit(2);
    }
}
