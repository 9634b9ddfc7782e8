package dev.tributary.contracts.payload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of integration Tributary manages, and the config record each one carries. */
public enum IntegrationType {
    REDSHIFT("Redshift", RedshiftConfig.class),
    ZERO_ETL("ZeroETL", ZeroEtlConfig.class);

    private final String wireName;
    private final Class<? extends IntegrationConfig> configClass;

    IntegrationType(String wireName, Class<? extends IntegrationConfig> configClass) {
        this.wireName = wireName;
        this.configClass = configClass;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public Class<? extends IntegrationConfig> configClass() {
        return configClass;
    }

    public static Optional<IntegrationType> find(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }

    @JsonCreator
    public static IntegrationType fromWireName(String wireName) {
        return find(wireName).orElseThrow(() -> new IllegalArgumentException("unknown integration type: " + wireName));
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(IntegrationType::wireName).toList());
    }
}
