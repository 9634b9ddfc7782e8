package dev.tributary.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.contracts.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated and mutated request bodies against the running gateway: wrong types, huge strings, deep nesting,
 * invalid UTF-8, broken YAML, alias bombs, oversized bodies and wrong content types. None may get a 5xx, none may
 * set up anything (each body names a host nothing listens on), and the gateway stays ready.
 */
class HostileInputIT {
    // HTTP/1.1: an oversized body is refused with 413 and a closed connection, which the HTTP/2 upgrade turns into GOAWAY
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The answers a refused request may get; 200/202/409 are for mutations that happen to stay valid. */
    private static final Set<Integer> EXPECTED = Set.of(200, 202, 400, 404, 409, 413, 415);
    private static final List<String> ENDPOINTS = List.of("POST /integrations", "PUT /integrations/1",
            "POST /integrations/scripts/create", "POST /integrations/scripts/initial-create",
            "POST /integrations/1/scripts/edit", "POST /api-keys");
    private static RunningSystem system;
    private static int requests;

    /** One request: where, with which Content-Type, and the body's bytes. */
    record Attack(String endpoint, String contentType, byte[] body) {
        @Override
        public String toString() {
            String text = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return endpoint + " [" + contentType + ", " + body.length + " bytes] " + text;
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        system = RunningSystem.shared();
    }

    @AfterContainer
    static void theGatewayIsStillReady() throws Exception {
        assertTrue(requests > 300, "the properties sent their requests (" + requests + ")");
        HttpResponse<String> ready = CLIENT.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + system.gatewayPort + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
    }

    @Property(tries = 150)
    void mutatedCreateBodiesAreAnsweredWithoutA5xx(@ForAll("mutatedJson") Attack attack) throws Exception {
        assertNoServerError(attack);
    }

    @Property(tries = 80)
    void brokenSyntaxBytesAndNestingAreAnsweredWithoutA5xx(@ForAll("brokenBodies") Attack attack) throws Exception {
        assertNoServerError(attack);
    }

    @Property(tries = 60)
    void yamlBombsAndBrokenYamlAreAnsweredWithoutA5xx(@ForAll("hostileYaml") Attack attack) throws Exception {
        assertNoServerError(attack);
    }

    @Property(tries = 20)
    void oversizedBodiesAndStrangeContentTypesAreRefused(@ForAll("oversizedOrUntyped") Attack attack) throws Exception {
        int status = send(attack);
        assertTrue(status == 413 || status == 415, "expected 413 or 415, got " + status + " for " + attack);
    }

    private static void assertNoServerError(Attack attack) throws Exception {
        int status = send(attack);
        assertTrue(EXPECTED.contains(status), "got " + status + " for " + attack);
    }

    private static int send(Attack attack) throws Exception {
        requests++;
        String[] endpoint = attack.endpoint().split(" ");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.gatewayPort + endpoint[1]))
                // the gateway refuses an oversized body from its length, before the client has sent it
                .expectContinue(attack.body().length > 256 * 1024)
                .header("Authorization", system.adminKey())
                .header("Content-Type", attack.contentType())
                .timeout(Duration.ofSeconds(30))
                .method(endpoint[0], HttpRequest.BodyPublishers.ofByteArray(attack.body()))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Arbitrary<String> endpoints() {
        return Arbitraries.of(ENDPOINTS);
    }

    /** A valid create on an unused address, then one to five mutations of its fields. */
    @Provide
    Arbitrary<Attack> mutatedJson() {
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMinSize(1).ofMaxSize(5);
        return Combinators.combine(endpoints(), mutations).as((endpoint, changes) -> {
            ObjectNode body = validCreate();
            changes.forEach(change -> change.apply(body));
            return new Attack(endpoint, "application/json", Json.write(body).getBytes(StandardCharsets.UTF_8));
        });
    }

    /** One change to one field somewhere in the body. */
    record Mutation(String path, JsonNode value, boolean remove) {
        void apply(ObjectNode body) {
            JsonNode target = path.startsWith("config.") ? body.get("config") : body;
            String field = path.startsWith("config.") ? path.substring(7) : path;
            if (!(target instanceof ObjectNode parent)) {
                return; // an earlier mutation replaced config with something that has no fields
            }
            if (remove) {
                parent.remove(field);
            } else {
                // a copy: a generated value can be the very object an earlier mutation put into the body, and a body
                // holding itself has no JSON form
                parent.set(field, value.deepCopy());
            }
        }
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<String> paths = Arbitraries.of("type", "autoBootstrap", "config", "config.host", "config.port",
                "config.database", "config.initialDatabase", "config.authenticationType", "config.username",
                "config.password", "config.impersonation", "config.okta", "unexpected", "config.unexpected");
        Arbitrary<Boolean> removeInstead = Arbitraries.integers().between(0, 4).map(draw -> draw == 0);
        return Combinators.combine(paths, hostileValues(), removeInstead).as(Mutation::new);
    }

    private static Arbitrary<JsonNode> hostileValues() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(64).map(nodes::textNode),
                Arbitraries.strings().withChars("'\";\\-/*%_$` \u0000\u202e\uD83D\uDE00").ofMaxLength(40).map(nodes::textNode),
                Arbitraries.integers().between(1, 300_000).map(length -> nodes.textNode("x".repeat(length))),
                Arbitraries.longs().map(nodes::numberNode),
                Arbitraries.doubles().map(nodes::numberNode),
                Arbitraries.of(nodes.booleanNode(true), nodes.nullNode(), nodes.arrayNode(), nodes.objectNode()),
                Arbitraries.integers().between(1, 50).map(depth -> {
                    JsonNode nested = nodes.textNode("deep");
                    for (int i = 0; i < depth; i++) {
                        nested = nodes.arrayNode().add(nested);
                    }
                    return nested;
                }));
    }

    /** Syntax errors, random and invalid-UTF-8 bytes, and nesting far past any sane depth. */
    @Provide
    Arbitrary<Attack> brokenBodies() {
        Arbitrary<byte[]> bodies = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2000),
                Arbitraries.integers().between(1, 120).map(cut -> Json.write(validCreate()).substring(0, cut).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(500, 100_000).map(depth -> ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(500, 50_000).map(depth -> "{\"a\":".repeat(depth).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of(new byte[]{'{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                        new byte[]{(byte) 0xFF, (byte) 0xFE, '{', '}'}, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        return Combinators.combine(endpoints(), bodies).as((endpoint, body) -> new Attack(endpoint, "application/json", body));
    }

    /** Alias bombs (billion laughs), deep YAML, tags that would build objects, and plain broken YAML. */
    @Provide
    Arbitrary<Attack> hostileYaml() {
        Arbitrary<String> documents = Arbitraries.oneOf(
                Arbitraries.integers().between(2, 12).map(HostileInputIT::aliasBomb),
                Arbitraries.integers().between(60, 5000).map(depth -> "a:\n" + nestedYaml(depth)),
                Arbitraries.of("!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:1/\"]]]]",
                        "type: Redshift\nconfig: &a [*a]", "type: [unclosed", "\t- tab: indent\n  :", "? complex\n: key\n",
                        "type: !!binary AAAA\nconfig: {host: *undefined}", "%YAML 9.9\n---\na: b"),
                Arbitraries.strings().ofMaxLength(300));
        return Combinators.combine(endpoints(), documents, Arbitraries.of("application/yaml", "text/yaml"))
                .as((endpoint, yaml, type) -> new Attack(endpoint, type, yaml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Bodies over the 256 KiB limit, and content types the API does not read. */
    @Provide
    Arbitrary<Attack> oversizedOrUntyped() {
        Arbitrary<Attack> oversized = Combinators.combine(endpoints(), Arbitraries.integers().between(300_000, 2_000_000))
                .as((endpoint, size) -> new Attack(endpoint, "application/json",
                        ("{\"type\": \"" + "A".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Attack> untyped = Combinators.combine(endpoints(), Arbitraries.of("text/plain", "application/xml",
                        "application/x-www-form-urlencoded", "image/png", "application/octet-stream"))
                .as((endpoint, type) -> new Attack(endpoint, type, Json.write(validCreate()).getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(oversized, untyped);
    }

    private static ObjectNode validCreate() {
        // 127.0.0.99:1 has no listener, so a mutation that stays valid fails validation and creates nothing
        return (ObjectNode) Json.read("""
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "127.0.0.99", "port": 1,
                 "database": "hostile", "initialDatabase": "dev", "authenticationType": "userPassword",
                 "username": "awsuser", "password": "irrelevant"}}""");
    }

    private static String aliasBomb(int levels) {
        StringBuilder yaml = new StringBuilder("l0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (int level = 1; level <= levels; level++) {
            List<String> references = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                references.add("*l" + (level - 1));
            }
            yaml.append("l").append(level).append(": &l").append(level).append(" [").append(String.join(", ", references)).append("]\n");
        }
        return yaml.toString();
    }

    private static String nestedYaml(int depth) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            yaml.append("- ");
        }
        return yaml.append("x\n").toString();
    }
}
