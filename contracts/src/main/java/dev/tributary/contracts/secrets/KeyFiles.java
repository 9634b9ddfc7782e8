package dev.tributary.contracts.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Files that hold keys in the local state directory: readable by their owner only, and never seen half-written.
 * Every service reads the same files, so the first one to start creates them and the others read what it wrote.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /** The file's text; if it does not exist yet, {@code initial} is written first. Safe against concurrent starts. */
    public static String readOrCreate(Path file, Supplier<String> initial) {
        try {
            if (!Files.exists(file)) {
                Path temp = writeTemporary(file, initial.get());
                try {
                    // a hard link is created atomically and never replaces: if another process won the race,
                    // its file stays and is read below
                    Files.createLink(file, temp);
                } catch (FileAlreadyExistsException raced) {
                    // keep the winner's file
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }

    /** Replaces the file's text in one step, so a service starting meanwhile reads either the old text or the new. */
    public static void replace(Path file, String text) {
        try {
            Path temp = writeTemporary(file, text);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the key file " + file, e);
        }
    }

    private static Path writeTemporary(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, text, StandardCharsets.US_ASCII);
        return temp;
    }
}
