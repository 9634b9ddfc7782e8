package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;
import dev.tributary.contracts.Topics;
import dev.tributary.contracts.messaging.EnvelopeCodec;
import dev.tributary.contracts.messaging.MessageTypes;
import dev.tributary.contracts.secrets.SealingContext;
import dev.tributary.contracts.secrets.SealingKeys;
import dev.tributary.contracts.secrets.SecretSealer;
import dev.tributary.sandbox.redshift.RedshiftStandIn;
import dev.tributary.sandbox.testing.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After every other end-to-end test has sent its passwords through the system (automatic, manual, Okta, front-door
 * and zero-ETL operations), none of them, none of the system accounts' generated passwords, and not the admin API
 * key, appears in the clear on any topic, in any log, in any row of any service database, or in any HTTP answer; and
 * no sealed credential of a finished operation is left in a worker's database or on a topic.
 */
@Order(Integer.MAX_VALUE)
class SecretsIT extends EndToEndTest {
    private static List<String> secrets;

    @BeforeAll
    static void collectTheSecrets() throws Exception {
        secrets = new ArrayList<>(List.of(RedshiftStandIn.DEFAULT_PASSWORD, GovernanceIntegrationIT.WRONG_PASSWORD,
                GovernanceLifecycleIT.MANUAL_PASSWORD, InjectionIT.HOSTILE_PASSWORD));
        SecretSealer sealer = SealingKeys.sealer(Optional.empty(), system.sealingKeyFile());
        // each password is sealed for its integration and host: "id|host|sealed"
        for (String row : firstColumn(system.databasePrefix + "api_gateway", "SELECT id || '|' || (spec->'config'->>'host')"
                + " || '|' || sealed_system_password FROM integration WHERE sealed_system_password IS NOT NULL")) {
            String[] parts = row.split("\\|", 3);
            secrets.add(sealer.unseal(parts[2], new SealingContext(SealingContext.SYSTEM_ACCOUNT_PASSWORD, parts[0], null, parts[1])));
        }
        assertTrue(secrets.size() > 5, "the earlier tests left generated system passwords to look for: " + secrets.size());
        secrets.add(system.adminKey()); // API keys are secrets too; only their hashes may travel
    }

    @Test
    void noTopicRecordOrHeaderHoldsASecret() {
        int records = 0;
        for (String topic : Topics.ALL) {
            for (ConsumerRecord<String, String> record : TopicRecords.readAll(system.bootstrapServers(), topic)) {
                records++;
                assertClean(String.valueOf(record.value()), "a record on " + topic);
                record.headers().forEach(header -> {
                    // a front-door request carries its caller's key, as an HTTP request does (see docs/reliability.md)
                    boolean callersKey = topic.startsWith(Topics.REQUESTS) && header.key().equals("Authorization");
                    if (!callersKey) {
                        assertClean(new String(header.value(), StandardCharsets.UTF_8), "header " + header.key() + " on " + topic);
                    }
                });
            }
        }
        assertTrue(records > 100, "the scan read this run's records (" + records + ")");
    }

    /**
     * Once no operation is in flight, the workers' databases hold no sealed value at all: recorded outputs keep
     * references, and the bootstrap-worker dropped each generated password with its operation.
     */
    @Test
    void theWorkersKeepNoSealedValueOnceTheirOperationsHaveEnded() throws Exception {
        for (String worker : List.of("validation_worker", "bootstrap_worker")) {
            String database = system.databasePrefix + worker;
            for (String table : firstColumn(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                List<String> sealed = firstColumn(database, "SELECT t::text FROM \"" + table + "\" t WHERE t::text LIKE '%sealed:%'");
                assertEquals(List.of(), sealed, "sealed values left in " + database + "." + table);
            }
        }
    }

    /**
     * With the gateway purging what every reader has read, a consumer reading the topics that carry credentials
     * from their beginning finds no record of a finished operation: those records are gone, and their dead letters
     * were redacted. Elsewhere a
     * sealed value appears only where the system account's password travels to the registry.
     */
    @Test
    void aReaderOfTheTopicsFromTheBeginningFindsNoCredentialOfAFinishedOperation() throws Exception {
        system.run(Map.of("TRIBUTARY_CREDENTIAL_PURGE_INTERVAL", "1s"), "restart", "api-gateway");
        // the periodic checks go on meanwhile (every few seconds here), and each is in flight until the
        // validation-worker has read it; every user operation of the run has ended
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (String topic : Topics.CREDENTIAL_CARRYING) {
                assertEquals(List.of(), TopicRecords.readAll(system.bootstrapServers(), topic).stream()
                        .filter(record -> !isA(record, MessageTypes.REVALIDATE_INTEGRATION))
                        .filter(record -> !isA(record, MessageTypes.WATCH_ZERO_ETL))
                        .map(record -> record.partition() + "@" + record.offset()).toList(),
                        "records of finished operations left on " + topic);
            }
        });
        for (String topic : Topics.ALL) {
            for (ConsumerRecord<String, String> record : TopicRecords.readAll(system.bootstrapServers(), topic)) {
                // sealed values travel only to the registry (the system account) and in checks not yet read
                boolean expected = topic.equals(Topics.EVENTS) && isA(record, MessageTypes.SYSTEM_ACCOUNT_PROVISIONED)
                        || topic.equals(Topics.CHECKS) && isA(record, MessageTypes.REVALIDATE_INTEGRATION);
                assertTrue(expected || !String.valueOf(record.value()).contains("sealed:"), "a sealed value on " + topic
                        + " at " + record.partition() + "@" + record.offset());
            }
        }
    }

    private static boolean isA(ConsumerRecord<String, String> record, String type) {
        return type.equals(TopicRecords.header(record, EnvelopeCodec.HEADER_MESSAGE_TYPE));
    }

    @Test
    void noLogLineHoldsASecret() throws Exception {
        try (var logs = Files.list(system.home.resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertClean(Files.readString(log), log.getFileName().toString());
            }
        }
    }

    @Test
    void noRowOfAnyServiceDatabaseHoldsASecret() throws Exception {
        int rows = 0;
        for (String database : system.serviceDatabases()) {
            for (String table : firstColumn(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                for (String row : firstColumn(database, "SELECT t::text FROM \"" + table + "\" t")) {
                    rows++;
                    assertClean(row, database + "." + table);
                }
            }
        }
        assertTrue(rows > 100, "the scan read the services' rows (" + rows + ")");
    }

    @Test
    void noHttpAnswerHoldsASecret() throws Exception {
        JsonNode registry = http.gateway("GET", "/integrations", null).body();
        assertClean(registry.toString(), "GET /integrations");
        for (JsonNode integration : registry) {
            String id = integration.path("id").asText();
            assertClean(http.gateway("GET", "/integrations/" + id, null).body().toString(), "GET /integrations/" + id);
            assertClean(http.statusService("/integrations/" + id).body().toString(), "status view of " + id);
        }
        assertClean(http.gateway("GET", "/api-keys", null).body().toString(), "GET /api-keys");
        assertClean(http.statusService("/integrations?limit=500").body().toString(), "the status list");
        assertClean(http.statusService("/summary").body().toString(), "the summary");
    }

    /** Neither the secret nor its JSON-escaped form (as in JSON log lines and JSON columns) may appear. */
    private static void assertClean(String text, String where) {
        for (String secret : secrets) {
            String escaped = Json.write(secret).substring(1, Json.write(secret).length() - 1);
            assertFalse(text.contains(secret) || text.contains(escaped), "a plaintext secret in " + where);
        }
    }
}
