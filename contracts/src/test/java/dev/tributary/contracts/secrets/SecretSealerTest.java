package dev.tributary.contracts.secrets;

import dev.tributary.contracts.Json;
import dev.tributary.contracts.payload.IntegrationSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretSealerTest {
    /** A key and a value that the sealer of the release before key rings made with it (sealed:v1, no associated data). */
    static final String V1_KEY = "HoWNa2h1Vxg4LgV6kmd66s3tNB6Hg0bsztHMVBS/j2s=";
    static final String V1_VALUE = "sealed:v1:s3REW+T/e7ACO6bUaIthRsuF/Ws3A7OXfpsbHG4OuQF1qCCeUazZaMn38glapw==";
    static final String V1_PLAINTEXT = "Legacy-Passw0rd-v1";
    private static final String SECRET = "Pa$$w0rd-with-ünïcode-'quotes'";

    private static IntegrationSpec redshift(String host) {
        return Json.convert(Json.read("""
                {"type": "Redshift", "autoBootstrap": true, "config": {"host": "%s", "port": 5439, "database": "immuta",
                 "initialDatabase": "dev", "authenticationType": "userPassword"}}""".formatted(host)), IntegrationSpec.class);
    }

    private static SealingContext command(String integrationId, UUID operationId, String host) {
        return SealingContext.commandCredentials(integrationId, operationId, redshift(host));
    }

    @Test
    void sealedValuesNameTheirKeyOpenForTheirPurposeAndDoNotContainThePlaintext() {
        SecretSealer sealer = new SecretSealer(SealingKeyRing.generate());
        SealingContext purpose = command("7", UUID.randomUUID(), "cluster-x.example.com");
        String sealed = sealer.seal(SECRET, purpose);
        assertTrue(sealed.startsWith("sealed:v2:" + sealer.primaryKeyId() + ":"), sealed);
        assertTrue(SecretSealer.isSealed(sealed));
        assertEquals(Optional.of(sealer.primaryKeyId()), SecretSealer.keyIdOf(sealed));
        assertFalse(sealed.contains(SECRET));
        assertEquals(SECRET, sealer.unseal(sealed, purpose));
        assertNotEquals(sealed, sealer.seal(SECRET, purpose), "a fresh nonce each time");
    }

    @Test
    void aValueSealedForOneIntegrationHostOperationOrFieldDoesNotOpenForAnother() {
        SecretSealer sealer = new SecretSealer(SealingKeyRing.generate());
        UUID operation = UUID.randomUUID();
        String sealed = sealer.seal(SECRET, command("A", operation, "x.example.com"));

        assertEquals(SECRET, sealer.unseal(sealed, command("A", operation, "X.Example.COM")), "host names ignore case");
        for (SealingContext other : List.of(
                command("B", operation, "x.example.com"),
                command("A", operation, "y.example.com"),
                command("A", UUID.randomUUID(), "x.example.com"),
                SealingContext.revalidationCredentials("A", operation, redshift("x.example.com")),
                SealingContext.systemAccountPassword("A", redshift("x.example.com")))) {
            SecretSealer.SealingException refused = assertThrows(SecretSealer.SealingException.class,
                    () -> sealer.unseal(sealed, other), other.toString());
            assertFalse(refused.getMessage().contains(SECRET), refused.getMessage());
            assertTrue(refused.getMessage().contains(other.field()), "the message says for what it was opened: " + refused.getMessage());
        }
    }

    @Test
    void theSystemAccountPasswordIsBoundToItsIntegrationAndHostButToNoOperation() {
        SecretSealer sealer = new SecretSealer(SealingKeyRing.generate());
        SealingContext password = SealingContext.systemAccountPassword("A", redshift("x.example.com"));
        assertEquals(null, password.operationId());
        String sealed = sealer.seal(SECRET, password);
        assertEquals(SECRET, sealer.unseal(sealed, SealingContext.systemAccountPassword("A", redshift("x.example.com"))));
        assertThrows(SecretSealer.SealingException.class,
                () -> sealer.unseal(sealed, SealingContext.systemAccountPassword("B", redshift("x.example.com"))));
        assertThrows(SecretSealer.SealingException.class,
                () -> sealer.unseal(sealed, SealingContext.systemAccountPassword("A", redshift("y.example.com"))));
    }

    @Test
    void theContextEncodingTellsPartsApartWhateverCharactersTheyHold() {
        assertFalse(Arrays.equals(
                new SealingContext("a", "b:c", null, null).associatedData(),
                new SealingContext("a:b", "c", null, null).associatedData()));
        assertFalse(Arrays.equals(
                new SealingContext("f", "1", null, "").associatedData(),
                new SealingContext("f", "1", null, null).associatedData()), "an empty host is not an absent one");
        assertArrayEquals(new SealingContext("f", "1", null, "H").associatedData(),
                new SealingContext("f", "1", null, "h").associatedData());
    }

    @Test
    void tamperedValuesAndValuesOfAnotherRingAreRefused() {
        SecretSealer sealer = new SecretSealer(SealingKeyRing.generate());
        SealingContext purpose = command("1", UUID.randomUUID(), "h");
        String sealed = sealer.seal("secret", purpose);
        char last = sealed.charAt(sealed.length() - 2);
        String tampered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);
        assertThrows(SecretSealer.SealingException.class, () -> sealer.unseal(tampered, purpose));
        SecretSealer.SealingException foreign = assertThrows(SecretSealer.SealingException.class,
                () -> new SecretSealer(SealingKeyRing.generate()).unseal(sealed, purpose));
        assertTrue(foreign.getMessage().contains("names key " + sealer.primaryKeyId()), foreign.getMessage());
        String relabelled = sealed.replace(":" + sealer.primaryKeyId() + ":", ":other:");
        SecretSealer withOther = new SecretSealer(SealingKeyRing.parse(sealer.primaryKeyId() + ":" + V1_KEY + ",other:" + V1_KEY, "test"));
        assertThrows(SecretSealer.SealingException.class, () -> withOther.unseal(relabelled, purpose));
        assertThrows(SecretSealer.SealingException.class, () -> sealer.unseal("secret", purpose));
        assertThrows(SecretSealer.SealingException.class, () -> sealer.unseal(null, purpose));
    }

    @Test
    void aV1ValueOfTheEarlierReleaseStillOpensWithItsKeyForAnyPurposeAndIsReported() {
        AtomicInteger reported = new AtomicInteger();
        SealingKeyRing ring = SealingKeyRing.parse("new:" + encodedFreshKey() + "\n" + V1_KEY, "test");
        SecretSealer sealer = new SecretSealer(ring, reported::incrementAndGet);
        assertTrue(SecretSealer.isSealed(V1_VALUE));
        assertEquals(Optional.empty(), SecretSealer.keyIdOf(V1_VALUE));
        assertEquals(V1_PLAINTEXT, sealer.unseal(V1_VALUE, SealingContext.systemAccountPassword("1", redshift("h"))));
        assertEquals(1, reported.get());
        assertThrows(SecretSealer.SealingException.class,
                () -> new SecretSealer(SealingKeyRing.generate()).unseal(V1_VALUE, command("1", UUID.randomUUID(), "h")));
    }

    @Test
    void aRingOfTwoKeysSealsWithThePrimaryAndOpensWhatEitherSealed() {
        String oldKey = encodedFreshKey();
        String newKey = encodedFreshKey();
        SealingContext purpose = command("1", UUID.randomUUID(), "h");
        String sealedWithOld = new SecretSealer(SealingKeyRing.parse("old:" + oldKey, "test")).seal("by old", purpose);

        SecretSealer both = new SecretSealer(SealingKeyRing.parse("new:" + newKey + ", old:" + oldKey, "test"));
        assertEquals("new", both.primaryKeyId());
        assertEquals(List.of("new", "old"), both.keyIds());
        String sealedWithNew = both.seal("by new", purpose);
        assertEquals(Optional.of("new"), SecretSealer.keyIdOf(sealedWithNew));
        assertEquals("by old", both.unseal(sealedWithOld, purpose));
        assertEquals("by new", both.unseal(sealedWithNew, purpose));
        assertThrows(SecretSealer.SealingException.class,
                () -> new SecretSealer(SealingKeyRing.parse("old:" + oldKey, "test")).unseal(sealedWithNew, purpose),
                "a service that lacks the new key cannot open what it sealed");
    }

    @Test
    void resealingMovesAValueToThePrimaryKeySoThatTheOldKeyCanGo() {
        String oldKey = encodedFreshKey();
        String newKey = encodedFreshKey();
        SealingContext purpose = SealingContext.systemAccountPassword("1", redshift("h"));
        String sealedWithOld = new SecretSealer(SealingKeyRing.parse("old:" + oldKey, "test")).seal(SECRET, purpose);
        SecretSealer both = new SecretSealer(SealingKeyRing.parse("new:" + newKey + "\nold:" + oldKey, "test"));

        String resealed = both.reseal(sealedWithOld, purpose);
        assertEquals(Optional.of("new"), SecretSealer.keyIdOf(resealed));
        assertSame(resealed, both.reseal(resealed, purpose), "a value already under the primary stays as it is");
        assertEquals(SECRET, new SecretSealer(SealingKeyRing.parse("new:" + newKey, "test")).unseal(resealed, purpose));

        SecretSealer withTheV1Key = new SecretSealer(SealingKeyRing.parse("new:" + newKey + "\n" + V1_KEY, "test"));
        String fromV1 = withTheV1Key.reseal(V1_VALUE, purpose);
        assertEquals(Optional.of("new"), SecretSealer.keyIdOf(fromV1), "a v1 value becomes v2, bound to its purpose");
        assertEquals(V1_PLAINTEXT, new SecretSealer(SealingKeyRing.parse("new:" + newKey, "test")).unseal(fromV1, purpose));
    }

    @Test
    void ringTextIsCheckedWithoutEverRepeatingAKey() {
        String key = encodedFreshKey();
        for (String text : List.of("", "# only a comment\n", "a:" + key + ",a:" + encodedFreshKey(), "a:bm90IDMyIGJ5dGVz",
                "a:***", "bad id:" + key)) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> SealingKeyRing.parse(text, "the test ring"));
            assertTrue(refused.getMessage().contains("the test ring"), refused.getMessage());
            assertFalse(refused.getMessage().contains(key), refused.getMessage());
        }
        assertFalse(SealingKeyRing.parse("a:" + key, "test").toString().contains(key));
    }

    @Test
    void theKeyFileIsCreatedOnceWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("nested").resolve("sealing.key");
        SecretSealer first = SealingKeys.sealer(Optional.empty(), keyFile);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertTrue(Files.readString(keyFile).matches(first.primaryKeyId() + ":[A-Za-z0-9+/=]{44}\n"), "one id:key line");
        SecretSealer second = SealingKeys.sealer(Optional.empty(), keyFile);
        SealingContext purpose = command("1", UUID.randomUUID(), "h");
        assertEquals("x", second.unseal(first.seal("x", purpose), purpose), "a second start reads the same key");
    }

    @Test
    void servicesStartingAtOnceAllReadTheOneKeyThatWon(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("sealing.key");
        Set<String> primaries = ConcurrentHashMap.newKeySet();
        ExecutorService starts = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> started = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                started.add(starts.submit(() -> primaries.add(SealingKeys.readOrCreate(keyFile).primaryId())));
            }
            for (Future<?> start : started) {
                start.get();
            }
        } finally {
            starts.shutdown();
        }
        assertEquals(1, primaries.size(), primaries.toString());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(keyFile), left.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aKeyFileOfTheEarlierReleaseReadsAsARingOfItsKeyNamedByItsFingerprint(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("sealing.key");
        Files.writeString(keyFile, V1_KEY);
        SealingKeyRing ring = SealingKeys.readOrCreate(keyFile);
        assertEquals(List.of(SealingKeyRing.fingerprint(Base64.getDecoder().decode(V1_KEY))), ring.ids());
        assertTrue(ring.primaryId().matches("[0-9a-f]{12}"), ring.primaryId());
        assertEquals(V1_PLAINTEXT, new SecretSealer(ring).unseal(V1_VALUE, command("1", UUID.randomUUID(), "h")));
    }

    @Test
    void rotatingTheKeyFileAddsAPrimaryAndRetiringLeavesOnlyIt(@TempDir Path dir) {
        Path keyFile = dir.resolve("sealing.key");
        String first = SealingKeys.readOrCreate(keyFile).primaryId();
        SealingContext purpose = SealingContext.systemAccountPassword("1", redshift("h"));
        String sealedWithFirst = SealingKeys.sealer(Optional.empty(), keyFile).seal(SECRET, purpose);

        String second = SealingKeys.addPrimary(keyFile);
        assertEquals(List.of(second, first), SealingKeys.readOrCreate(keyFile).ids());
        SecretSealer rotated = SealingKeys.sealer(Optional.empty(), keyFile);
        String resealed = rotated.reseal(sealedWithFirst, purpose);

        assertEquals(List.of(first), SealingKeys.retireAllButPrimary(keyFile));
        SecretSealer retired = SealingKeys.sealer(Optional.empty(), keyFile);
        assertEquals(List.of(second), retired.keyIds());
        assertEquals(SECRET, retired.unseal(resealed, purpose));
        assertThrows(SecretSealer.SealingException.class, () -> retired.unseal(sealedWithFirst, purpose));
    }

    @Test
    void aConfiguredRingWinsOverTheKeyFile(@TempDir Path dir) {
        Path keyFile = dir.resolve("sealing.key");
        SealingKeyRing configured = SealingKeys.ring(Optional.of("prod-2025:" + V1_KEY), keyFile);
        assertEquals(List.of("prod-2025"), configured.ids());
        assertFalse(Files.exists(keyFile), "no file is made when the ring is configured");
        assertEquals(SealingKeys.readOrCreate(keyFile).ids(), SealingKeys.ring(Optional.of(" "), keyFile).ids());
    }

    private static String encodedFreshKey() {
        return SealingKeyRing.generate().format().split("[:\n]")[1];
    }
}
