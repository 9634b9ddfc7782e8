package dev.tributary.contracts.zeroetl;

/** A source table: {@code database.table} (MySQL sources; {@code schema} is null) or {@code database.schema.table}. */
public record TableName(String database, String schema, String table) {

    public static TableName of(String dotted) {
        String[] parts = dotted.split("\\.");
        return switch (parts.length) {
            case 2 -> new TableName(parts[0], null, parts[1]);
            case 3 -> new TableName(parts[0], parts[1], parts[2]);
            default -> throw new IllegalArgumentException("not database.table or database.schema.table: " + dotted);
        };
    }

    int partCount() {
        return schema == null ? 2 : 3;
    }

    @Override
    public String toString() {
        return schema == null ? database + "." + table : database + "." + schema + "." + table;
    }
}
