package dev.tributary.contracts.sql;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one place where names become SQL. A name must first pass {@link #PATTERN}; it is then always quoted,
 * so even a name that slipped past the check could not end the identifier. No name may hold {@link #BODY_QUOTE}
 * either, so a name written into a procedure body cannot end the body.
 *
 * <p>Names are kept as the user wrote them (so that an integration's config reads back unchanged) and folded here,
 * on the way into SQL, as Redshift folds them: while {@code enable_case_sensitive_identifier} is off, which a
 * governance integration requires, Redshift lowers even quoted names, so {@code "Immuta"} and {@code immuta} are
 * one database. Folding before quoting makes the stand-in's PostgreSQL, which keeps quoted names as written, agree.
 */
public final class SqlIdentifiers {
    /**
     * The dollar quote around every procedure body. Names may hold dollar signs, so a plain {@code $$} would be
     * closed by a name such as {@code a$$b}; a dollar-quoted string ends only at its own tag, and the patterns
     * below refuse this one inside any name, in any case, since names are folded to lower case on their way into
     * SQL, after they were checked.
     */
    public static final String BODY_QUOTE = "$tributary_body$";
    private static final String WITHOUT_BODY_QUOTE = "(?!.*(?i:" + Pattern.quote(BODY_QUOTE) + "))";

    /**
     * Letters, digits, underscores and dollar signs, not starting with a digit or dollar (Redshift's standard
     * identifiers), and not holding {@link #BODY_QUOTE}.
     */
    public static final Pattern PATTERN = Pattern.compile(WITHOUT_BODY_QUOTE + "[A-Za-z_][A-Za-z0-9_$]*");
    public static final String RULE = "must start with a letter or underscore and contain only letters, digits, underscores and dollar signs"
            + " (but not " + BODY_QUOTE + ")";
    /** PostgreSQL's limit; Redshift allows 127, but the stand-in and the shared subset keep to 63. */
    public static final int MAX_LENGTH = 63;

    /** User names may also hold the characters of an e-mail address; they are always quoted. */
    public static final Pattern USER_NAME = Pattern.compile(WITHOUT_BODY_QUOTE + "[A-Za-z_][A-Za-z0-9_$@.+-]*");
    public static final String USER_NAME_RULE = "must start with a letter or underscore and contain only letters, digits"
            + " and _ $ @ . + - (but not " + BODY_QUOTE + ")";

    private SqlIdentifiers() {
    }

    /** {@code name} as Redshift's catalog holds it ({@code pg_database.datname}, {@code pg_user.usename}, ...). */
    public static String catalogName(String name) {
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }

    /** Whether two names, as written, name the same object. */
    public static boolean sameName(String one, String other) {
        return Objects.equals(catalogName(one), catalogName(other));
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && PATTERN.matcher(name).matches();
    }

    /** {@code name}, folded, as a quoted identifier; rejects anything that is not a valid identifier. */
    public static String quote(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("not a valid SQL identifier: " + name);
        }
        return quoted(catalogName(name));
    }

    /** A user name, folded, as a quoted identifier; rejects anything outside {@link #USER_NAME}. */
    public static String quoteUserName(String name) {
        if (name == null || name.length() > MAX_LENGTH || !USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid user name: " + name);
        }
        return quoted(catalogName(name));
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code schema.name}, both quoted. */
    public static String qualified(String schema, String name) {
        return quote(schema) + '.' + quote(name);
    }
}
