package dev.tributary.contracts.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** How Tributary authenticates to Redshift. */
public enum AuthenticationType {
    USER_PASSWORD("userPassword"),
    OKTA("okta");

    private final String wireName;

    AuthenticationType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<AuthenticationType> find(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }

    @JsonCreator
    public static AuthenticationType fromWireName(String wireName) {
        return find(wireName).orElseThrow(() -> new IllegalArgumentException("unknown authentication type: " + wireName));
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(AuthenticationType::wireName).toList());
    }
}
