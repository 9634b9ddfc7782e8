package dev.tributary.contracts.sql;

/**
 * The SQL differences between Amazon Redshift and PostgreSQL (the local stand-in) that the setup runs into.
 * Everything else is written once, in the subset both understand.
 */
public enum SqlDialect {
    REDSHIFT {
        @Override
        public String quoteLiteral(String value) {
            // Redshift treats a backslash in a string literal as an escape character.
            return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
        }

        @Override
        public String publicDatabaseAccess() {
            return "USAGE, TEMP";
        }

        @Override
        public String futureProceduresPrivilege() {
            return "EXECUTE ON PROCEDURES";
        }

        @Override
        public boolean hasPlpythonu() {
            return true;
        }

        @Override
        public String dropGroup(String quotedGroup) {
            // Redshift has no DROP GROUP IF EXISTS; the steps check for the group first
            return "DROP GROUP " + quotedGroup;
        }
    },
    POSTGRESQL {
        @Override
        public String quoteLiteral(String value) {
            // standard_conforming_strings is on: only the quote needs doubling.
            return "'" + value.replace("'", "''") + "'";
        }

        @Override
        public String publicDatabaseAccess() {
            // PostgreSQL has no USAGE on databases; CONNECT is what lets users in once PUBLIC's rights are revoked.
            return "CONNECT, TEMP";
        }

        @Override
        public String futureProceduresPrivilege() {
            return "EXECUTE ON ROUTINES";
        }

        @Override
        public boolean hasPlpythonu() {
            return false;
        }

        @Override
        public String dropGroup(String quotedGroup) {
            return "DROP GROUP IF EXISTS " + quotedGroup;
        }
    };

    /** Picks the dialect from {@code SELECT version()}: Redshift names itself there, PostgreSQL does not. */
    public static SqlDialect fromVersion(String version) {
        return version != null && version.contains("Redshift") ? REDSHIFT : POSTGRESQL;
    }

    public abstract String quoteLiteral(String value);

    /**
     * A password for CREATE/ALTER USER as the MD5 form both engines accept ({@code 'md5' || md5(password || user)}),
     * so that the plaintext appears in no statement, script or query log.
     */
    public String passwordLiteral(String user, String password) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("MD5")
                    .digest((password + user).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "'md5" + java.util.HexFormat.of().formatHex(digest) + "'";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    /** The database privileges every user keeps on the managed database. */
    public abstract String publicDatabaseAccess();

    /** The default privilege that lets the system account run procedures created later in a schema. */
    public abstract String futureProceduresPrivilege();

    public abstract boolean hasPlpythonu();

    public abstract String dropGroup(String quotedGroup);

    public static SqlDialect fromName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
