package dev.tributary.deployment;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/configuration.md is generated from the code; this fails when the two drift apart. */
class ConfigurationReferenceTest {

    @Test
    void theReferenceMatchesTheCode() throws Exception {
        Path root = Project.root();
        Path document = root.resolve("docs/configuration.md");
        String generated = ConfigurationReference.markdown(root);
        if (Boolean.getBoolean("tributary.write-docs")) {
            Files.writeString(document, generated);
        }
        assertEquals(generated, Files.readString(document),
                "docs/configuration.md is stale: scripts/maven -pl deployment-checks test -Dtributary.write-docs=true");
    }

    @Test
    void everySettingSaysWhatItMeans() throws Exception {
        Path root = Project.root();
        List<String> unexplained = new ArrayList<>();
        List<String> modules = new ArrayList<>(Project.SERVICES);
        for (String service : modules) {
            ConfigurationReference.settings(Project.applicationProperties(service), root.resolve(service).resolve("src/main/java"))
                    .stream().filter(setting -> setting.meaning().isBlank()).forEach(setting -> unexplained.add(service + ": " + setting.key()));
        }
        ConfigurationReference.settings(Project.sharedProperties(), root.resolve(Project.SHARED).resolve("src/main/java"))
                .stream().filter(setting -> setting.meaning().isBlank()).forEach(setting -> unexplained.add("shared: " + setting.key()));
        assertTrue(unexplained.isEmpty(), "settings without a comment or a known meaning: " + unexplained);
    }
}
