package dev.tributary.contracts.zeroetl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A zero-ETL data filter: comma-separated {@code include:} / {@code exclude:} rules over {@code database.table}
 * (MySQL sources) or {@code database.schema.table} (PostgreSQL sources). A name part is {@code *} (anything),
 * {@code /regex/} (found anywhere in the name), a double-quoted name or a plain name. Evaluation starts from "exclude everything" and applies the
 * rules in order, a later rule overriding an earlier one; without a filter everything is included.
 */
public final class DataFilter {
    public static final int MAX_RULES = 99;
    public static final int MAX_RULE_LENGTH = 256;
    public static final int MAX_LENGTH = 25_600;
    /** The characters RDS allows in a data filter. */
    public static final Pattern ALLOWED_CHARACTERS = Pattern.compile("[a-zA-Z0-9_ \"\\\\\\-$,*.:?+/]*");

    public enum SourceEngine {
        /** Aurora MySQL / RDS MySQL: two-part names. */
        MYSQL(2),
        /** Aurora PostgreSQL: three-part names, no regular expression for the database. */
        POSTGRESQL(3);

        private final int parts;

        SourceEngine(int parts) {
            this.parts = parts;
        }

        public int parts() {
            return parts;
        }

        /** The engine of an RDS {@code Engine} value such as {@code aurora-mysql} or {@code aurora-postgresql}. */
        public static SourceEngine fromRdsEngine(String engine) {
            return engine != null && engine.contains("postgres") ? POSTGRESQL : MYSQL;
        }
    }

    private record Rule(boolean include, List<NamePart> parts) {
        boolean matches(TableName table) {
            List<String> names = table.partCount() == 2 ? List.of(table.database(), table.table())
                    : List.of(table.database(), table.schema(), table.table());
            if (names.size() != parts.size()) {
                return false;
            }
            for (int i = 0; i < parts.size(); i++) {
                if (!parts.get(i).matches(names.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    private sealed interface NamePart permits Any, Regex, Exact {
        boolean matches(String name);
    }

    private record Any() implements NamePart {
        public boolean matches(String name) {
            return true;
        }
    }

    /** As in Maxwell's filters, a regular expression selects every name it occurs in ($ anchors the end; RDS allows no ^). */
    private record Regex(Pattern pattern) implements NamePart {
        public boolean matches(String name) {
            return pattern.matcher(name).find();
        }
    }

    private record Exact(String name) implements NamePart {
        public boolean matches(String candidate) {
            return name.equals(candidate);
        }
    }

    private final List<Rule> rules;
    private final int partCount;

    private DataFilter(List<Rule> rules, int partCount) {
        this.rules = rules;
        this.partCount = partCount;
    }

    /** Every rule must use the same number of name parts, two or three. */
    public static DataFilter parse(String filter) {
        if (filter == null || filter.isEmpty() || filter.length() > MAX_LENGTH) {
            throw new DataFilterException("must be 1 to " + MAX_LENGTH + " characters long");
        }
        if (!ALLOWED_CHARACTERS.matcher(filter).matches()) {
            throw new DataFilterException("may contain only letters, digits, spaces and _ \" \\ - $ , * . : ? + /");
        }
        List<String> texts = split(filter, ',');
        if (texts.size() > MAX_RULES) {
            throw new DataFilterException("has " + texts.size() + " rules; at most " + MAX_RULES + " are allowed");
        }
        List<Rule> rules = new ArrayList<>();
        Integer partCount = null;
        for (int index = 0; index < texts.size(); index++) {
            Rule rule = parseRule(texts.get(index).trim(), index + 1);
            if (partCount != null && partCount != rule.parts().size()) {
                throw new DataFilterException("rule " + (index + 1) + " has " + rule.parts().size()
                        + " name parts but earlier rules have " + partCount + "; use database.table or database.schema.table throughout");
            }
            partCount = rule.parts().size();
            rules.add(rule);
        }
        return new DataFilter(List.copyOf(rules), partCount);
    }

    /** Checks the filter against the source's engine: the number of name parts, and no regex for a PostgreSQL database. */
    public void requireEngine(SourceEngine engine) {
        if (partCount != engine.parts()) {
            throw new DataFilterException("a " + engine.name() + " source needs " + engine.parts() + "-part names ("
                    + (engine.parts() == 2 ? "database.table" : "database.schema.table") + "), the filter uses " + partCount);
        }
    }

    public int partCount() {
        return partCount;
    }

    /** Whether any rule includes: a filter of exclude rules alone replicates nothing (evaluation starts from exclude). */
    public boolean includesAnything() {
        return rules.stream().anyMatch(Rule::include);
    }

    public boolean selects(TableName table) {
        boolean included = false;
        for (Rule rule : rules) {
            if (rule.matches(table)) {
                included = rule.include();
            }
        }
        return included;
    }

    /** Which of {@code tables} the filter replicates, in their order. */
    public List<TableName> select(List<TableName> tables) {
        return tables.stream().filter(this::selects).toList();
    }

    /** Whether an optional filter selects {@code table}: no filter means everything. */
    public static boolean selects(String filterOrNull, TableName table) {
        return filterOrNull == null || filterOrNull.isBlank() || parse(filterOrNull).selects(table);
    }

    private static Rule parseRule(String text, int number) {
        String where = "rule " + number + " (" + text + ")";
        if (text.length() > MAX_RULE_LENGTH) {
            throw new DataFilterException(where.substring(0, Math.min(where.length(), 40)) + "…) is longer than "
                    + MAX_RULE_LENGTH + " characters");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new DataFilterException(where + " must start with include: or exclude:");
        }
        String type = text.substring(0, colon).trim();
        boolean include;
        if (type.equals("include")) {
            include = true;
        } else if (type.equals("exclude")) {
            include = false;
        } else {
            throw new DataFilterException(where + " has type '" + type + "'; the types are include and exclude");
        }
        String name = text.substring(colon + 1).trim();
        List<String> partTexts = split(name, '.');
        if (partTexts.size() != 2 && partTexts.size() != 3) {
            throw new DataFilterException(where + " must name database.table or database.schema.table");
        }
        List<NamePart> parts = new ArrayList<>();
        for (int i = 0; i < partTexts.size(); i++) {
            NamePart part = parsePart(partTexts.get(i).trim(), where);
            if (i == 0 && partTexts.size() == 3 && part instanceof Regex) {
                throw new DataFilterException(where + ": a PostgreSQL database name cannot be a regular expression");
            }
            parts.add(part);
        }
        return new Rule(include, List.copyOf(parts));
    }

    private static NamePart parsePart(String part, String where) {
        if (part.isEmpty()) {
            throw new DataFilterException(where + " has an empty name part");
        }
        if (part.equals("*")) {
            return new Any();
        }
        if (part.length() >= 2 && part.startsWith("/") && part.endsWith("/")) {
            try {
                return new Regex(Pattern.compile(part.substring(1, part.length() - 1)));
            } catch (PatternSyntaxException e) {
                throw new DataFilterException(where + " has an invalid regular expression " + part + ": " + e.getDescription());
            }
        }
        if (part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"")) {
            return new Exact(part.substring(1, part.length() - 1));
        }
        if (part.contains("/") || part.contains("\"") || part.contains("*") || part.contains(" ")) {
            throw new DataFilterException(where + " has a malformed name part " + part
                    + " (use *, /regex/, \"quoted name\" or a plain name)");
        }
        return new Exact(part);
    }

    /** Splits on {@code separator} outside /regular expressions/ and "quoted names". */
    private static List<String> split(String text, char separator) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inRegex = false;
        boolean inQuotes = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && inRegex && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '/' && !inQuotes) {
                inRegex = !inRegex;
            } else if (c == '"' && !inRegex) {
                inQuotes = !inQuotes;
            } else if (c == separator && !inRegex && !inQuotes) {
                pieces.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (inRegex || inQuotes) {
            throw new DataFilterException("has an unclosed " + (inRegex ? "/regular expression/" : "\"quoted name\""));
        }
        pieces.add(current.toString());
        return pieces;
    }
}
