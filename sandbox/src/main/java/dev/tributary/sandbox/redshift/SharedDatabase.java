package dev.tributary.sandbox.redshift;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's fleet fixture: every database named {@code <base>_<suffix>} ({@code suffix} letters and digits, no
 * underscore) is the one real database {@code <base>}, so that thousands of managed databases fit on one disk. A
 * session that asks for {@code fleet_17} is connected to {@code fleet}; statements that name {@code fleet_17} (as an
 * identifier or a literal) name {@code fleet}; {@code DROP DATABASE fleet_17} keeps the shared database. Hosts,
 * users, passwords, connections and queries stay each integration's own.
 *
 * <p>One real database means shared catalog rows (its ACL, the support schemas' ACLs, the same views), which
 * PostgreSQL does not let two sessions update at once ("tuple concurrently updated"). So the fixture runs one
 * changing statement at a time on the shared database ({@link #serializes}): from the statement until its session is
 * idle again. Reads are never held, so checks run side by side.
 *
 * <p>Off unless {@value #ENVIRONMENT} names the base; only the benchmark sets it.
 */
public final class SharedDatabase {
    public static final String ENVIRONMENT = "TRIBUTARY_REDSHIFT_SHARED_DATABASE";
    private static final Pattern BASE = Pattern.compile("[a-z][a-z0-9]*");
    private static final Pattern CHANGING = Pattern.compile("(?is)\\s*(CREATE|ALTER|GRANT|REVOKE|DROP|COMMENT|DO)\\b.*");

    private final String base;
    private final Pattern mapped;
    private final Pattern dropMapped;
    private final Semaphore changes = new Semaphore(1, true);

    public SharedDatabase(String base) {
        if (!BASE.matcher(base).matches()) {
            throw new IllegalArgumentException(ENVIRONMENT + " must be a lower-case name of letters and digits: " + base);
        }
        this.base = base;
        // a whole name only: fleet_17 maps, fleet_17_system (its system account) and xfleet_17 do not
        String name = "(?<![\\w$])" + base + "_[a-z0-9]+(?![\\w$])";
        this.mapped = Pattern.compile(name, Pattern.CASE_INSENSITIVE);
        this.dropMapped = Pattern.compile("(?i)DROP\\s+DATABASE\\s+(IF\\s+EXISTS\\s+)?\"?" + name + "\"?");
    }

    public static Optional<SharedDatabase> fromEnvironment() {
        String base = System.getenv(ENVIRONMENT);
        return base == null || base.isBlank() ? Optional.empty() : Optional.of(new SharedDatabase(base.trim()));
    }

    /** The real database. */
    public String base() {
        return base;
    }

    /** The real database behind {@code database}: the base for a mapped name, else the name itself. */
    public String database(String database) {
        return database != null && mapped.matcher(database).matches() ? base : database;
    }

    /** Whether a session on {@code database} (as the client asked for it) works in the shared database. */
    boolean shared(String database) {
        return database != null && base.equals(database(database.toLowerCase(Locale.ROOT)));
    }

    /** {@code sql} with every mapped name replaced by the base; a drop of a mapped database drops nothing. */
    String rewrite(String sql) {
        String kept = dropMapped.matcher(sql).replaceAll("SELECT 1 WHERE false");
        return mapped.matcher(kept).replaceAll(Matcher.quoteReplacement(base));
    }

    /** Whether {@code sql} (as the client sent it) changes the shared database, so that it must run alone. */
    boolean serializes(String sql, boolean sessionShared) {
        return CHANGING.matcher(sql).matches() && (sessionShared || mapped.matcher(sql).find());
    }

    /** One changing statement at a time. */
    Semaphore changes() {
        return changes;
    }
}
