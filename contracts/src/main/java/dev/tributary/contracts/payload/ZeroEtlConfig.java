package dev.tributary.contracts.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A zero-ETL integration from an Aurora/RDS source into Redshift, as the RDS CreateIntegration action takes it,
 * plus the region and an optional {@code materialize} section (the Redshift connection for
 * {@code CREATE DATABASE … FROM INTEGRATION}; its username and password travel as sealed credentials).
 */
public record ZeroEtlConfig(
        String integrationName,
        String sourceArn,
        String targetArn,
        String kmsKeyId,
        Map<String, String> additionalEncryptionContext,
        String dataFilter,
        String description,
        List<Tag> tags,
        String region,
        Materialize materialize) implements IntegrationConfig {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tag(String key, String value) {
    }

    /** Where and as what to materialise the integration in Redshift once it is active. */
    public record Materialize(String host, int port, String database, String initialDatabase, String sourceDatabase) {
    }

    /** The fields ModifyIntegration can change; every other field is fixed once the integration exists. */
    public static final List<String> MODIFIABLE = List.of("integrationName", "dataFilter", "description");

    @Override
    public String targetKey() {
        return sourceArn + " -> " + targetArn;
    }

    @Override
    public String targetDescription() {
        return "source " + sourceArn + " and target " + targetArn;
    }

    /** The config fields (as paths) that differ from {@code other} but may not change on an edit. */
    public List<String> fixedFieldsChangedIn(ZeroEtlConfig other) {
        List<String> changed = new ArrayList<>();
        compare(changed, "sourceArn", sourceArn, other.sourceArn);
        compare(changed, "targetArn", targetArn, other.targetArn);
        compare(changed, "kmsKeyId", kmsKeyId, other.kmsKeyId);
        compare(changed, "additionalEncryptionContext", additionalEncryptionContext, other.additionalEncryptionContext);
        compare(changed, "tags", tags, other.tags);
        compare(changed, "region", region, other.region);
        compare(changed, "materialize", materialize, other.materialize);
        return changed;
    }

    private static void compare(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add("config." + field);
        }
    }

    @Override
    public RedactedZeroEtlConfig redacted() {
        return RedactedZeroEtlConfig.of(this);
    }
}
