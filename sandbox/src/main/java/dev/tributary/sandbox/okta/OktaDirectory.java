package dev.tributary.sandbox.okta;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who the Okta stand-in knows: users with their passwords and the Redshift identity their assertion carries
 * ({@code DbUser}, {@code DbGroups}, {@code AutoCreate}), and the AWS apps by app id with the IAM roles each grants.
 * Role names become {@code arn:aws:iam::<account>:role/<name>}, paired with the stand-in's SAML provider.
 */
public final class OktaDirectory {
    public static final String ACCOUNT = "123456789012";
    public static final String SAML_PROVIDER = "arn:aws:iam::" + ACCOUNT + ":saml-provider/tributary-okta";
    /** The spec's Okta example, so that its request bodies work against a fresh sandbox as they are. */
    public static final String DEFAULT_USERS = "taylor@redshift.com|abc1234|taylor|admins";
    public static final String DEFAULT_APPS = "Okta|admin,analyst";

    public record User(String username, String password, String dbUser, List<String> dbGroups, boolean autoCreate) {
        @Override
        public String toString() {
            return "User[username=" + username + ", dbUser=" + dbUser + ", dbGroups=" + dbGroups + "]";
        }
    }

    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, List<String>> apps = new LinkedHashMap<>();

    public OktaDirectory user(String username, String password, String dbUser, String... dbGroups) {
        users.put(username.toLowerCase(), new User(username, password, dbUser, List.of(dbGroups), true));
        return this;
    }

    /** An app with the role names it grants everyone who may use it. */
    public OktaDirectory app(String appId, String... roles) {
        apps.put(appId, List.of(roles));
        return this;
    }

    /**
     * Users as {@code username|password|dbUser|group,group} and apps as {@code appId|role,role}, entries separated
     * by {@code ;} (the form of TRIBUTARY_OKTA_USERS and TRIBUTARY_OKTA_APPS).
     */
    public static OktaDirectory parse(String users, String apps) {
        OktaDirectory directory = new OktaDirectory();
        for (String entry : users.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split("\\|", -1);
            if (parts.length < 3) {
                throw new IllegalArgumentException("an Okta stand-in user is username|password|dbUser[|group,group]: " + parts[0]);
            }
            directory.user(parts[0], parts[1], parts[2], parts.length > 3 && !parts[3].isBlank() ? parts[3].split(",") : new String[0]);
        }
        for (String entry : apps.split(";")) {
            if (!entry.isBlank()) {
                String[] parts = entry.trim().split("\\|", -1);
                directory.app(parts[0], parts.length > 1 ? parts[1].split(",") : new String[0]);
            }
        }
        return directory;
    }

    public static String roleArn(String role) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + role;
    }

    Optional<User> authenticate(String username, String password) {
        User user = username == null ? null : users.get(username.toLowerCase());
        return user != null && user.password().equals(password) ? Optional.of(user) : Optional.empty();
    }

    Optional<List<String>> rolesOf(String appId) {
        return Optional.ofNullable(apps.get(appId));
    }

    @Override
    public String toString() {
        return "users " + users.values().stream().map(User::username).toList() + ", apps " + Arrays.toString(apps.keySet().toArray());
    }
}
