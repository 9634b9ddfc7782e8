package dev.tributary.contracts.sql;

/** The account Tributary uses in a managed database: generated (automatic setup) or chosen by a person (manual). */
public record SystemAccount(String name, String password) {

    @Override
    public String toString() {
        return "SystemAccount[name=" + name + ", password=<REDACTED>]";
    }
}
