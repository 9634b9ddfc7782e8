package dev.tributary.contracts.governance;

/**
 * One user's entry as every target should hold it.
 *
 * @param userName     the database user name, as written in {@code PUT /users/{userName}}
 * @param entitlements what the user is entitled to, or null once the user was deleted (their rows go)
 * @param revision     raised by the gateway with every change of this user; a worker never applies an older revision
 *                     after a newer one
 */
public record UserProfile(String userName, Entitlements entitlements, long revision) {

    public boolean removed() {
        return entitlements == null;
    }
}
