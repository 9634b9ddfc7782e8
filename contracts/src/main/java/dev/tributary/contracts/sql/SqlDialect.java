package dev.tributary.contracts.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.util.PasswordUtil;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

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

        /**
         * {@code 'sha256|<digest>|<salt>'}: AWS's Redshift Database Developer Guide, CREATE USER, Parameters,
         * PASSWORD ('sha256hash'), "provide your own valid SHA-256 digest and 256-bit salt that was used to create
         * the digest" (ALTER USER takes the same form). The page does not spell the digest out; it is the SHA-256 of
         * the password's UTF-8 bytes followed by the salt's 32 bytes, both written in lower-case hex. Redshift keys
         * it by neither user name nor anything else, so {@code user} is not used.
         */
        @Override
        public String passwordLiteral(String user, String password) {
            byte[] salt = new byte[32];
            RANDOM.nextBytes(salt);
            MessageDigest sha256 = sha256();
            sha256.update(password.getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha256.digest(salt);
            return quoteLiteral("sha256|" + HexFormat.of().formatHex(digest) + "|" + HexFormat.of().formatHex(salt));
        }

        @Override
        public String publicDatabaseAccess() {
            return "USAGE, TEMP";
        }

        @Override
        public String systemAccountDatabaseAccess() {
            // Redshift has no CONNECT privilege: every user may connect to every database
            return "CREATE, TEMP";
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

        @Override
        public String sha256Hex(String textExpression) {
            // AWS's Redshift Database Developer Guide, SHA2 function: SHA2(string, 256) is the digest in hex
            return "SHA2(" + textExpression + ", 256)";
        }
    },
    POSTGRESQL {
        @Override
        public String quoteLiteral(String value) {
            // standard_conforming_strings is on: only the quote needs doubling.
            return "'" + value.replace("'", "''") + "'";
        }

        /**
         * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, Base64 parts (PostgreSQL's documentation,
         * System Catalogs, pg_authid), which CREATE/ALTER ROLE store as given. pgjdbc's encoder computes it as the
         * server would, SASLprep of the password included, with 4096 iterations (the server's default) and a random
         * 16-byte salt; the user name plays no part in SCRAM.
         */
        @Override
        public String passwordLiteral(String user, String password) {
            return quoteLiteral(PasswordUtil.encodeScramSha256(password.toCharArray()));
        }

        @Override
        public String publicDatabaseAccess() {
            // PostgreSQL has no USAGE on databases; CONNECT is what lets users in once PUBLIC's rights are revoked.
            return "CONNECT, TEMP";
        }

        @Override
        public String systemAccountDatabaseAccess() {
            // CONNECT too: the database's owner may have revoked PUBLIC's
            return "CONNECT, CREATE, TEMP";
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

        @Override
        public String sha256Hex(String textExpression) {
            return "encode(sha256(convert_to(" + textExpression + ", 'UTF8')), 'hex')";
        }
    };

    private static final SecureRandom RANDOM = new SecureRandom();

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Picks the dialect from {@code SELECT version()}: Redshift names itself there, PostgreSQL does not. */
    public static SqlDialect fromVersion(String version) {
        return version != null && version.contains("Redshift") ? REDSHIFT : POSTGRESQL;
    }

    /** The dialect of the engine {@code connection} reaches, from its {@code version()}. */
    public static SqlDialect of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT version()")) {
            rows.next();
            return fromVersion(rows.getString(1));
        }
    }

    public abstract String quoteLiteral(String value);

    /**
     * A password for CREATE/ALTER USER as the engine's salted verifier, with a fresh random salt each time, so that
     * the plaintext appears in no statement, script or query log and no two scripts share a verifier.
     */
    public abstract String passwordLiteral(String user, String password);

    /** The database privileges every user keeps on the managed database. */
    public abstract String publicDatabaseAccess();

    /**
     * What the system account is granted on an existing database in single-database mode (and revoked on removal):
     * to log in to it, use temporary tables, and add its own schemas; nothing more.
     */
    public abstract String systemAccountDatabaseAccess();

    /** The default privilege that lets the system account run procedures created later in a schema. */
    public abstract String futureProceduresPrivilege();

    public abstract boolean hasPlpythonu();

    public abstract String dropGroup(String quotedGroup);

    /** Creates a user that has no password to sign in with (one that signs in through IAM, as an Okta identity). */
    public String passwordlessUser(String quotedUser) {
        return this == REDSHIFT ? "CREATE USER " + quotedUser + " PASSWORD DISABLE" : "CREATE USER " + quotedUser;
    }

    /** The SHA-256 of a text expression's UTF-8 bytes, as lower-case hex text. */
    public abstract String sha256Hex(String textExpression);

    /**
     * What a governed view needs between its name and AS so that a user's own functions in a query on it cannot see
     * the rows its filters hide. PostgreSQL would otherwise run a cheap function of the user's (one that raises a
     * notice with its arguments) before the view's filter: {@code security_barrier} makes the view's conditions go
     * first. Redshift has no such option (docs/policies.md says what stands in for it there).
     */
    public String governedViewOptions() {
        return this == POSTGRESQL ? " WITH (security_barrier)" : "";
    }

    public static SqlDialect fromName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
