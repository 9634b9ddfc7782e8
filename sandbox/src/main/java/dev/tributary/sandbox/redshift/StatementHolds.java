package dev.tributary.sandbox.redshift;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A test seam of the Redshift stand-in: statements held back before they reach PostgreSQL, so that a test can make
 * two workers overlap inside one step instead of hoping a pause lands there. It is driven through files, so a test
 * in another process than the stand-in can use it:
 * <ul>
 *   <li>{@code <dir>/<name>.hold} holds a regular expression; while the file exists, every statement in which the
 *   expression is found waits;</li>
 *   <li>each statement that starts waiting adds a line to {@code <dir>/<name>.held}, so the test can count them;</li>
 *   <li>deleting {@code <name>.hold} lets them all go on, in no particular order.</li>
 * </ul>
 * Without a directory (the default) nothing is held and the relay copies bytes without reading them.
 */
public final class StatementHolds {
    public static final String ENVIRONMENT = "TRIBUTARY_REDSHIFT_HOLDS_DIR";
    private static final long POLL_MILLIS = 50;

    private final Path directory;

    public StatementHolds(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the statement holds directory " + directory, e);
        }
    }

    /** The holds directory named by {@value #ENVIRONMENT}, if set. */
    public static Optional<StatementHolds> fromEnvironment() {
        String directory = System.getenv(ENVIRONMENT);
        return directory == null || directory.isBlank() ? Optional.empty() : Optional.of(new StatementHolds(Path.of(directory)));
    }

    /** Starts holding statements in which {@code regex} is found, under {@code name}. */
    public void hold(String name, String regex) throws IOException {
        Pattern.compile(regex); // refuse a bad expression here, not in the relay
        Files.deleteIfExists(directory.resolve(name + ".held"));
        Files.writeString(directory.resolve(name + ".hold"), regex);
    }

    /** Lets every statement held under {@code name} go on. */
    public void release(String name) throws IOException {
        Files.deleteIfExists(directory.resolve(name + ".hold"));
    }

    /** How many statements started waiting under {@code name} since {@link #hold}. */
    public long heldCount(String name) throws IOException {
        return heldStatements(name).size();
    }

    /** The first line of each statement that started waiting under {@code name} since {@link #hold}, in order. */
    public List<String> heldStatements(String name) throws IOException {
        Path held = directory.resolve(name + ".held");
        return Files.exists(held) ? Files.readAllLines(held) : List.of();
    }

    /** Waits while a hold matches {@code sql}; called by the relay before it forwards a statement. */
    void awaitRelease(String sql) throws IOException {
        Optional<Path> hold = matchingHold(sql);
        if (hold.isEmpty()) {
            return;
        }
        String name = hold.get().getFileName().toString().replaceFirst("\\.hold$", "");
        Files.writeString(directory.resolve(name + ".held"), firstLine(sql) + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        try {
            while (Files.exists(hold.get())) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<Path> matchingHold(String sql) throws IOException {
        try (DirectoryStream<Path> holds = Files.newDirectoryStream(directory, "*.hold")) {
            for (Path hold : holds) {
                try {
                    if (Pattern.compile(Files.readString(hold).trim()).matcher(sql).find()) {
                        return Optional.of(hold);
                    }
                } catch (NoSuchFileException released) {
                    // released while being read
                }
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String sql) {
        String line = sql.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) : line;
    }
}
