package dev.tributary.contracts.sql;

/**
 * The account Tributary uses in a managed database: generated (automatic setup) or chosen by a person (manual). A
 * federated account ({@code password} null) is the database user an Okta identity maps to: it signs in through Okta
 * with temporary credentials and has no password of its own.
 */
public record SystemAccount(String name, String password) {

    public static SystemAccount federated(String name) {
        return new SystemAccount(name, null);
    }

    public boolean federated() {
        return password == null;
    }

    @Override
    public String toString() {
        return "SystemAccount[name=" + name + ", password=<REDACTED>]";
    }
}
