package dev.tributary.contracts.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.contracts.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The steps of {@code ./tributary rotate-sealing-key} that need Java: changing the local key file, and asking the
 * gateway to re-seal what it stores until no value needs the old keys any more.
 */
public final class SealingKeyTool {
    /** The gateway's re-seal endpoint. */
    public static final String RESEAL_PATH = "/admin/reseal";

    private SealingKeyTool() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        switch (command) {
            case "add-primary" -> System.out.println(SealingKeys.addPrimary(Path.of(args[1])));
            case "retire" -> System.out.println(String.join(" ", SealingKeys.retireAllButPrimary(Path.of(args[1]))));
            case "reseal" -> System.exit(reseal(args[1], adminKey(Path.of(args[2])), Duration.ofSeconds(Long.parseLong(args[3]))));
            default -> {
                System.err.println("""
                        usage: SealingKeyTool add-primary <key file>     adds a fresh primary key, prints its id
                               SealingKeyTool retire <key file>          removes every key but the primary
                               SealingKeyTool reseal <gateway url> <admin key file> <seconds>
                                   re-seals the gateway's stored values, repeating until no older key is needed""");
                System.exit(2);
            }
        }
    }

    /** 0 once every key but the primary may go, 3 if some key is still needed when the time is up. */
    static int reseal(String gateway, String adminKey, Duration patience) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        Instant giveUp = Instant.now().plus(patience);
        while (true) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(gateway + RESEAL_PATH))
                    .header("Authorization", adminKey).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("POST " + RESEAL_PATH + " answered " + response.statusCode() + ": " + response.body());
                return 1;
            }
            JsonNode answer = Json.read(response.body());
            Set<String> older = new HashSet<>();
            answer.path("keyIds").forEach(id -> older.add(id.asText()));
            older.remove(answer.path("primaryKeyId").asText());
            answer.path("retirable").forEach(id -> older.remove(id.asText()));
            if (older.isEmpty()) {
                System.out.println(answer);
                return 0;
            }
            if (Instant.now().isAfter(giveUp)) {
                System.err.println("still needed after " + patience.toSeconds() + "s: " + older + "; " + answer);
                return 3;
            }
            Thread.sleep(2000);
        }
    }

    /** TRIBUTARY_ADMIN_API_KEY when set, as for the gateway itself; otherwise the gateway's generated key file. */
    private static String adminKey(Path file) throws IOException {
        String configured = System.getenv("TRIBUTARY_ADMIN_API_KEY");
        return configured != null && !configured.isBlank() ? configured : Files.readString(file).trim();
    }
}
