package dev.tributary.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads every setting of every service from where it is declared: the services' application.properties and the
 * shared microprofile-config.properties (key, value, and the comment right above the key), and the
 * {@code @ConfigProperty} injections and {@code @ConfigMapping} interfaces in the code (key, default, and the comment
 * above them). Framework keys that
 * carry no comment get their meaning from {@link #FRAMEWORK}.
 */
final class ConfigurationReference {
    /** The Javadoc or line comment right above a declaration, if any. */
    private static final String COMMENT = "((?:^[ \\t]*(?:/\\*\\*(?:(?!\\*/).)*\\*/|//[^\\n]*)\\s*)?)";
    private static final Pattern CONFIG_PROPERTY = Pattern.compile(
            COMMENT + "@ConfigProperty\\(name = \"([^\"]+)\"(?:, defaultValue = \"([^\"]*)\")?\\)",
            Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)");
    /** A property of a mapping interface: an abstract method, perhaps with its default, e.g. {@code String keyFile();}. */
    private static final Pattern MAPPED_PROPERTY = Pattern.compile(
            COMMENT + "(?:^[ \\t]*@WithDefault\\(\"([^\"]*)\"\\)\\s*)?^[ \\t]*[\\w.<>, ?]+[ \\t]+(\\w+)\\(\\);",
            Pattern.DOTALL | Pattern.MULTILINE);

    /** Meanings of framework keys, by key or by the part after a messaging channel's name. */
    static final Map<String, String> FRAMEWORK = Map.ofEntries(
            Map.entry("quarkus.application.name", "The service's name in logs, traces and metrics."),
            Map.entry("quarkus.http.port", "The HTTP port: API, health (/q/health), metrics (/q/metrics) and /ping."),
            Map.entry("quarkus.http.test-port", "The HTTP port in tests (0: any free port)."),
            Map.entry("quarkus.http.limits.max-body-size", "Request bodies larger than this are refused with 413."),
            Map.entry("quarkus.datasource.db-kind", "The service's own database: PostgreSQL."),
            Map.entry("quarkus.datasource.jdbc.url", "JDBC URL of the service's own PostgreSQL database."),
            Map.entry("quarkus.datasource.username", "User for the service's database (its password: QUARKUS_DATASOURCE_PASSWORD)."),
            Map.entry("quarkus.datasource.jdbc.max-size", "Largest number of pooled connections to the service's database."),
            Map.entry("quarkus.datasource.devservices.enabled", "Off: the database is always the configured one, never a started container."),
            Map.entry("quarkus.flyway.migrate-at-start", "Applies the service's schema migrations (Flyway) at start-up."),
            Map.entry("kafka.bootstrap.servers", "Kafka brokers, host:port, comma-separated."),
            Map.entry("kafka.session.timeout.ms", "How long the group waits for a silent consumer before giving its partitions to another."),
            Map.entry("kafka.heartbeat.interval.ms", "How often consumers tell the group they are alive."),
            Map.entry("quarkus.kafka.devservices.enabled", "Off: Kafka is always the configured one, never a started container."),
            Map.entry("quarkus.kafka.health.enabled", "Readiness includes the connection to Kafka."),
            Map.entry("quarkus.micrometer.binder.kafka.enabled", "Exports the Kafka clients' metrics, consumer lag among them."),
            Map.entry("quarkus.swagger-ui.always-include", "Serves Swagger UI at /q/swagger-ui in production too."),
            Map.entry("quarkus.smallrye-openapi.info-title", "Title of the OpenAPI document at /q/openapi."),
            Map.entry("quarkus.smallrye-openapi.info-version", "Version of the OpenAPI document at /q/openapi."),
            Map.entry("quarkus.scheduler.tracing.enabled", "Periodic jobs start traces of their own."),
            Map.entry("quarkus.log.console.json.enabled", "JSON log lines (set through tributary.log.json)."),
            Map.entry("quarkus.otel.traces.sampler", "How traces are sampled: follow the caller, else the ratio below."),
            Map.entry("quarkus.otel.traces.sampler.arg", "The share of new traces that are sampled (set through tributary.tracing.ratio)."),
            Map.entry("mp.messaging.connector.smallrye-kafka.tracing-enabled", "Off: the connector's own spans would start a second trace per record; MessageTracing carries the trace."),
            Map.entry("mp.messaging.connector.smallrye-kafka.poll-timeout", "How long one poll of every Kafka consumer may wait for records, in ms."),
            Map.entry("connector", "The channel's connector: Kafka."),
            Map.entry("topic", "The channel's topic."),
            Map.entry("group.id", "The consumer group: instances with the same group share the partitions."),
            Map.entry("auto.offset.reset", "Where a new consumer group starts: at the first record."),
            Map.entry("value.deserializer", "Record values are read as text (JSON envelopes)."),
            Map.entry("key.serializer", "Record keys are written as text (the integration id)."),
            Map.entry("value.serializer", "Record values are written as text (JSON envelopes)."),
            Map.entry("failure-strategy", "What happens to a record whose handling failed."),
            Map.entry("dead-letter-queue.topic", "Where failed records go, with a dead-letter-reason header."),
            Map.entry("throttled.unprocessed-record-max-age.ms", "How long one record may take (retries included) before the consumer counts as stuck."),
            Map.entry("acks", "The broker acknowledges a record once all in-sync replicas have it."),
            Map.entry("enable.idempotence", "Retried sends are not written twice."),
            Map.entry("linger.ms", "How long the producer waits to batch records."),
            Map.entry("request.timeout.ms", "How long the producer waits for the broker's answer to one request."),
            Map.entry("delivery.timeout.ms", "How long the producer keeps trying to deliver a record."),
            Map.entry("batch", "The consumer method takes a whole polled batch."),
            Map.entry("max.poll.records", "The most records one poll returns."),
            Map.entry("max.partition.fetch.bytes", "The most bytes one fetch returns per partition."),
            Map.entry("consumer-rebalance-listener.name", "The bean told when partitions are assigned."));

    private static final Pattern CHANNEL_KEY = Pattern.compile("mp\\.messaging\\.(?:incoming|outgoing)\\.[a-z0-9-]+\\.(.+)");

    private ConfigurationReference() {
    }

    /**
     * The settings of one module: its properties file, then the keys its code declares that are not in that file.
     * A key without a meaning in the file takes the comment on its declaration, in the module or the shared library.
     */
    static List<Setting> settings(Path properties, Path sources) throws IOException {
        Map<String, Setting> settings = new LinkedHashMap<>();
        fromProperties(properties).forEach(setting -> settings.put(setting.key(), setting));
        List<Setting> declarations = new ArrayList<>(fromCode(sources));
        fromCode(Project.root().resolve(Project.SHARED).resolve("src/main/java")).stream()
                .filter(shared -> settings.containsKey(shared.key()))
                .forEach(declarations::add);
        for (Setting declared : declarations) {
            Setting listed = settings.get(declared.key());
            if (listed == null) {
                settings.put(declared.key(), declared);
            } else if (listed.meaning().isEmpty()) {
                settings.put(declared.key(), new Setting(listed.key(), listed.defaultValue(), declared.meaning()));
            }
        }
        return new ArrayList<>(settings.values());
    }

    static List<Setting> fromProperties(Path file) throws IOException {
        List<Setting> settings = new ArrayList<>();
        String comment = "";
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                comment = "";
            } else if (trimmed.startsWith("#")) {
                comment = (comment + " " + trimmed.substring(1).trim()).trim();
            } else if (!trimmed.startsWith("%")) { // profile overrides (%test.) are not settings of their own
                int equals = trimmed.indexOf('=');
                String key = trimmed.substring(0, equals).trim();
                String value = trimmed.substring(equals + 1).trim();
                // a key's own comment (with what the framework key means), else what the framework key means;
                // a key with neither takes the comment on its @ConfigProperty
                settings.add(new Setting(key, value, comment.isEmpty() ? framework(key) : join(comment, framework(key))));
                comment = "";
            }
        }
        return settings;
    }

    static List<Setting> fromCode(Path sources) throws IOException {
        List<Setting> settings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                String code = Files.readString(file);
                Matcher declared = CONFIG_PROPERTY.matcher(code);
                while (declared.find()) {
                    settings.add(setting(declared.group(2), declared.group(3), declared.group(1)));
                }
                Matcher mapping = CONFIG_MAPPING.matcher(code);
                if (mapping.find()) {
                    Matcher property = MAPPED_PROPERTY.matcher(code.substring(mapping.end()));
                    while (property.find()) {
                        settings.add(setting(mapping.group(1) + "." + kebabCase(property.group(3)), property.group(2), property.group(1)));
                    }
                }
            }
        }
        return settings;
    }

    private static Setting setting(String key, String defaultValue, String comment) {
        String meaning = comment.replaceAll("(?m)^\\s*(/\\*\\*|\\*/|\\*|//)", " ")
                .replace("*/", " ").replaceAll("\\{@code ([^}]*)}", "$1").replaceAll("\\s+", " ").trim();
        return new Setting(key, defaultValue == null ? "" : defaultValue, join(meaning, framework(key)));
    }

    /** A mapping method's property name, as SmallRye Config derives it: {@code keyFile} is {@code key-file}. */
    private static String kebabCase(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String framework(String key) {
        String meaning = FRAMEWORK.get(key);
        Matcher channel = CHANNEL_KEY.matcher(key);
        if (meaning == null && channel.matches()) {
            meaning = FRAMEWORK.get(channel.group(1));
        }
        return meaning == null ? "" : meaning;
    }

    private static String join(String project, String framework) {
        if (project.isEmpty() || framework.isEmpty()) {
            return project.isEmpty() ? framework : sentence(project);
        }
        return sentence(project) + " " + framework;
    }

    private static String sentence(String text) {
        String capital = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return capital.endsWith(".") ? capital : capital + ".";
    }

    /** The whole reference, as docs/configuration.md holds it. */
    static String markdown(Path root) throws IOException {
        StringBuilder out = new StringBuilder("""
                # Configuration reference

                Every setting of every service, read from where it is declared: each service's
                `application.properties`, the shared `service-support/…/META-INF/microprofile-config.properties`, and
                the `@ConfigProperty` injections and `@ConfigMapping` interfaces in the code. `ConfigurationReferenceTest` fails when this file and
                the code disagree; after a change, regenerate it with
                `scripts/maven -pl deployment-checks test -Dtributary.write-docs=true`.

                Set any of them through its environment variable (upper case, every other character `_`), for example
                `QUARKUS_DATASOURCE_JDBC_URL`, or as a Java system property. Secrets are never defaults:
                `QUARKUS_DATASOURCE_PASSWORD`, `TRIBUTARY_SEALING_KEY` (the sealing key ring, the same for the gateway and
                the workers), `TRIBUTARY_CLIENT_SEALING_KEYS` (the gateway's JWK set) and `TRIBUTARY_ADMIN_API_KEY` come
                from the environment or files (docs/deployment.md).
                `mp.messaging.*` settings name a channel; the topic a channel reads or writes is among them.

                """);
        section(out, "Shared by the services (service-support)", settings(Project.sharedProperties(),
                root.resolve(Project.SHARED).resolve("src/main/java")));
        for (String service : Project.SERVICES) {
            section(out, service, settings(Project.applicationProperties(service), root.resolve(service).resolve("src/main/java")));
        }
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<Setting> settings) {
        out.append("## ").append(title).append("\n\n| Setting | Environment variable | Default | Meaning |\n|---|---|---|---|\n");
        for (Setting setting : settings) {
            out.append("| `").append(setting.key()).append("` | `").append(setting.environmentVariable()).append("` | ")
                    .append(setting.defaultValue().isEmpty() ? "(none)" : "`" + setting.defaultValue().replace("|", "\\|") + "`")
                    .append(" | ").append(setting.meaning().replace("|", "\\|")).append(" |\n");
        }
        out.append('\n');
    }
}
